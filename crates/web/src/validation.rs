//! "How faithful is this?" (`#/validation`): the validation suite of `validation/`, which
//! `build.rs` ran at build time, case by case: the real figure (measured on CPython here, or
//! published), the simulated one, and where their ratio falls against the case's band, with what
//! the model leaves out of each group and why a known miss misses.

use yew::prelude::*;

use gil_sim::time::fixed;

/// One case of the suite, as the build ran it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValidationRow {
    pub group: &'static str,
    pub title: &'static str,
    /// What the figures count, such as "requests per second".
    pub figure: &'static str,
    pub real: f64,
    pub simulated: f64,
    /// How far from the real figure still counts as matching, as a fraction of it.
    pub band: f64,
    /// "within", "known miss", "context" (published elsewhere, not held to a band) or "MISS".
    pub verdict: &'static str,
    pub source: &'static str,
    /// Why a known miss misses; empty otherwise.
    pub known_miss: &'static str,
}

static ROWS: &[ValidationRow] = include!(concat!(env!("OUT_DIR"), "/validation_rows.rs"));
/// (group, what the model leaves out of it).
static NOTES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/validation_notes.rs"));

/// Every case, in the suite's order.
pub fn rows() -> &'static [ValidationRow] {
    ROWS
}

/// The chart's scale: simulated over real from a quarter to four times, on a log scale.
const HALF_WIDTH: f64 = 70.0;
const CENTRE: f64 = 80.0;
const OCTAVES: f64 = 2.0;

fn x_of(ratio: f64) -> f64 {
    CENTRE + HALF_WIDTH * (ratio.log2() / OCTAVES).clamp(-1.0, 1.0)
}

/// A figure to three significant digits.
fn shown(value: f64) -> String {
    if value == 0.0 {
        return "0".into();
    }
    let digits = (2 - value.abs().log10().floor() as i32).max(0) as usize;
    fixed(value, digits)
}

/// Where simulated over real falls, against the band around 1.
fn ratio_chart(row: &ValidationRow) -> Html {
    let (low, high) = (x_of(1.0 - row.band.min(0.99)), x_of(1.0 + row.band));
    let label;
    let mark = if row.real == 0.0 {
        label = format!("real 0, simulated {}", shown(row.simulated));
        let x = if row.simulated.abs() < 0.005 { CENTRE } else { CENTRE + HALF_WIDTH };
        html! { <circle class="validation-dot" cx={fixed(x, 1)} cy="9" r="4" /> }
    } else {
        let ratio = row.simulated / row.real;
        label = format!("simulated is {} times real; the band is ±{}%", fixed(ratio, 2), fixed(row.band * 100.0, 0));
        html! { <circle class="validation-dot" cx={fixed(x_of(ratio), 1)} cy="9" r="4" /> }
    };
    html! {
        <svg class="validation-chart" viewBox="0 0 160 18" width="160" height="18" role="img" aria-label={label}>
            <rect class="validation-band" x={fixed(low, 1)} y="2" width={fixed(high - low, 1)} height="14" />
            <line class="validation-axis" x1="10" y1="9" x2="150" y2="9" />
            <line class="validation-one" x1="80" y1="1" x2="80" y2="17" />
            { mark }
        </svg>
    }
}

fn row_view(row: &ValidationRow) -> Html {
    let verdict_class = format!("verdict-{}", row.verdict.replace(' ', "-").to_lowercase());
    html! {
        <tr>
            <th scope="row">{ row.title }<span class="validation-figure">{ row.figure }</span></th>
            <td class="number">{ shown(row.real) }</td>
            <td class="number">{ shown(row.simulated) }</td>
            <td>{ ratio_chart(row) }</td>
            <td class={verdict_class}>
                { row.verdict }
                if !row.known_miss.is_empty() {
                    <span class="validation-why">{ row.known_miss }</span>
                }
            </td>
            <td class="validation-source">{ row.source }</td>
        </tr>
    }
}

/// The page: a short explanation, then each group's cases with its note.
pub fn validation_page() -> Html {
    let mut groups: Vec<&str> = Vec::new();
    for row in ROWS {
        if !groups.contains(&row.group) {
            groups.push(row.group);
        }
    }
    let count = |verdict: &str| ROWS.iter().filter(|row| row.verdict == verdict).count();
    html! {
        <main class="validation">
            <h1>{ "How faithful is the simulator?" }</h1>
            <p class="lede">{ format!(
                "The simulator against real CPython, case by case: {} of {} cases within their band, {} known misses explained below, and {} figures published on other machines shown for context.",
                count("within"), ROWS.len() - count("context"), count("known miss"), count("context")
            ) }</p>
            <p>{ "Each figure was measured here on CPython 2.7 and 3.6 to 3.13 (Linux, 2 cores) by tools/measure_cpython.py, or taken from the publication named. A dot on the line at 1 means the simulator gives the real figure; the shaded band is how far it may be and still count (20% unless the spread between Python versions is wider). The scale runs from a quarter to four times the real figure." }</p>
            { for groups.iter().map(|group| {
                let note = NOTES.iter().find(|(name, _)| name == group).map(|(_, text)| *text);
                html! {
                    <section class="validation-group" aria-label={*group}>
                        <h2>{ *group }</h2>
                        if let Some(note) = note {
                            <p class="validation-note">{ note }</p>
                        }
                        <div class="table-scroll" tabindex="0" role="region" aria-label={format!("Cases: {group}")}>
                            <table class="validation-table">
                                <thead><tr>
                                    <th scope="col">{ "Case" }</th>
                                    <th scope="col">{ "Real" }</th>
                                    <th scope="col">{ "Simulated" }</th>
                                    <th scope="col">{ "Simulated / real" }</th>
                                    <th scope="col">{ "Verdict" }</th>
                                    <th scope="col">{ "Source" }</th>
                                </tr></thead>
                                <tbody>
                                    { for ROWS.iter().filter(|row| row.group == *group).map(row_view) }
                                </tbody>
                            </table>
                        </div>
                    </section>
                }
            }) }
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_puts_one_in_the_middle_and_clamps_at_four_times() {
        assert_eq!(x_of(1.0), CENTRE);
        assert_eq!(x_of(4.0), CENTRE + HALF_WIDTH);
        assert_eq!(x_of(0.25), CENTRE - HALF_WIDTH);
        assert_eq!(x_of(100.0), CENTRE + HALF_WIDTH);
        assert_eq!(x_of(2.0), CENTRE + HALF_WIDTH / 2.0);
    }

    #[test]
    fn wiring_every_case_of_the_suite_is_on_the_page() {
        assert!(rows().len() >= 40, "{}", rows().len());
        assert!(rows().iter().all(|row| ["within", "known miss", "context"].contains(&row.verdict)), "a case misses unexplained");
        assert!(rows().iter().filter(|row| row.verdict == "known miss").all(|row| !row.known_miss.is_empty()));
    }
}
