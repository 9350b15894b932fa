//! The metric cards above the timeline, and a simulation's outcome as the lab and a lesson step
//! show it: the cards and the timeline, or why it could not run.
//!
//! Each card's name has a short definition, shown on hover and on focus. After a change, a card
//! shows the value before it beside the new one ("5.02 ms → 1.02 ms"), until the next change.
//! A lesson step leads with the cards its question and challenge are about ([`focus_of`](gil_lessons::cards::focus_of)); the
//! rest are one click away.

use yew::prelude::*;

use super::run::Outcome;
use super::timeline::{LaneMark, Timeline};
use gil_lessons::cards::CardKind;
use gil_lessons::condition::Metric;
use gil_lessons::figures::thousands;
use gil_sim::time::format_duration;
use gil_sim::Trace;

/// One card: what it measures, its value, and a line that says how to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub kind: CardKind,
    pub label: &'static str,
    pub value: String,
    pub note: String,
}

/// The card of one kind for a trace: its value as lessons' figures write it (so a step's words and
/// its cards agree), and a note of its own.
fn card(kind: CardKind, trace: &Trace) -> Card {
    let metrics = &trace.metrics;
    let io = metrics.io_resume;
    let value_of = |metric: Metric| metric.figure(metrics);
    let (value, note) = match kind {
        CardKind::WallTime => match &metrics.deadlock {
            None => {
                (value_of(Metric::WallTime), "from the start until the main thread finishes".into())
            }
            Some(deadlock) => (
                value_of(Metric::WallTime),
                format!("deadlocked at {}: it would never finish", format_duration(deadlock.at)),
            ),
        },
        CardKind::Speedup => (
            value_of(Metric::Speedup),
            format!(
                "the same work one after another takes {}",
                format_duration(metrics.sequential)
            ),
        ),
        CardKind::CpuUtilization => {
            let cores = metrics.cores.len();
            (
                value_of(Metric::CpuUtilization),
                format!("busy time of {cores} {}", if cores == 1 { "core" } else { "cores" }),
            )
        }
        CardKind::GilHandoffs => {
            (value_of(Metric::GilHandoffs), "times the GIL passed to a different thread".into())
        }
        CardKind::ForcedSwitches => (
            value_of(Metric::ForcedSwitches),
            match metrics.drop_requests {
                0 => "no thread waited a whole switch interval".into(),
                requests => format!("after {requests} drop requests"),
            },
        ),
        CardKind::FutileWakeups => {
            (value_of(Metric::FutileWakeups), "woken for the GIL, found it taken again".into())
        }
        CardKind::IoResume => (
            value_of(Metric::IoP99),
            if io.count == 0 {
                "no I/O completed".into()
            } else {
                format!(
                    "from I/O done to running again, over {} I/Os; median {}",
                    io.count,
                    format_duration(io.p50)
                )
            },
        ),
        CardKind::LostUpdates => {
            let note = match metrics.shared.as_slice() {
                [] => "no shared variables".into(),
                [only] => format!(
                    "{} ends at {} of {}",
                    only.name,
                    thousands(only.final_value),
                    thousands(only.expected)
                ),
                several => format!("over {} shared variables", several.len()),
            };
            (value_of(Metric::LostUpdates), note)
        }
        CardKind::Deadlock => {
            let note = metrics
                .deadlock
                .as_ref()
                .map_or_else(|| "no thread waits forever".into(), |deadlock| deadlock.describe());
            (value_of(Metric::DeadlockedThreads), note)
        }
    };
    Card { kind, label: kind.label(), value, note }
}

/// The cards the lab shows for a trace, in order: the general ones, and the ones only some
/// scenarios have something to say in (shared variables, the old GIL's futile wake-ups), and
/// a deadlock first, since it is why the run ended.
pub fn cards(trace: &Trace) -> Vec<Card> {
    let metrics = &trace.metrics;
    let mut kinds = vec![
        CardKind::WallTime,
        CardKind::Speedup,
        CardKind::CpuUtilization,
        CardKind::GilHandoffs,
        CardKind::ForcedSwitches,
        CardKind::IoResume,
    ];
    if metrics.futile_wakeups > 0 {
        kinds.push(CardKind::FutileWakeups);
    }
    if !metrics.shared.is_empty() {
        kinds.push(CardKind::LostUpdates);
    }
    if metrics.deadlock.is_some() {
        kinds.insert(0, CardKind::Deadlock);
    }
    kinds.into_iter().map(|kind| card(kind, trace)).collect()
}

/// The cards of a step: those of `focus` first, then the rest of the lab's.
pub fn focused_cards(trace: &Trace, focus: &[CardKind]) -> (Vec<Card>, Vec<Card>) {
    let lead: Vec<Card> = focus.iter().map(|kind| card(*kind, trace)).collect();
    let rest = cards(trace).into_iter().filter(|card| !focus.contains(&card.kind)).collect();
    (lead, rest)
}

/// Another run whose figures the cards show beside their own, and what to call it ("step 4").
pub struct Reference<'a> {
    pub name: String,
    pub outcome: &'a Outcome,
}

/// What a page shows of a run: the cards (all of them, or `focus` first and the rest folded),
/// each with the value before the last change when it differs and the `reference`'s value, and
/// the timeline with `marks` on its lanes; or why it could not run.
pub fn outcome_view(
    outcome: &Outcome,
    previous: Option<&Outcome>,
    focus: Option<&[CardKind]>,
    reference: Option<Reference>,
    marks: Vec<LaneMark>,
) -> Html {
    let trace = match outcome {
        Outcome::Ready(trace) => trace,
        Outcome::Failed(message) => {
            return html! { <p class="error lab-error" role="alert">{ message }</p> }
        }
    };
    let before =
        previous.and_then(Outcome::trace).filter(|before| *before != trace).map(|before| &**before);
    let reference =
        reference.and_then(|reference| Some((reference.name, &**reference.outcome.trace()?)));
    let reference = reference.as_ref().map(|(name, trace)| (name.as_str(), *trace));
    let cards_view = match focus {
        None => card_grid(cards(trace), before, reference),
        Some(focus) => {
            let (lead, rest) = focused_cards(trace, focus);
            html! {
                <>
                    { card_grid(lead, before, reference) }
                    if !rest.is_empty() {
                        <details class="metrics-more">
                            <summary>{ "All metrics" }</summary>
                            { card_grid(rest, before, reference) }
                        </details>
                    }
                </>
            }
        }
    };
    html! {
        <>
            { cards_view }
            <Timeline trace={trace.clone()} {marks} />
        </>
    }
}

fn card_grid(cards: Vec<Card>, before: Option<&Trace>, reference: Option<(&str, &Trace)>) -> Html {
    html! {
        <section class="metrics" data-testid="metric-cards" aria-label="Metrics">
            { for cards.into_iter().map(|shown| {
                let definition_id = format!("metric-{}", shown.kind.slug());
                let earlier = before.map(|before| card(shown.kind, before).value).filter(|earlier| *earlier != shown.value);
                html! {
                    <div class="card">
                        <div class="card-label" tabindex="0" aria-describedby={definition_id.clone()}>{ shown.label }</div>
                        <div class="card-definition" role="tooltip" id={definition_id}>{ shown.kind.definition() }</div>
                        <div class="card-figure">
                            if let Some(earlier) = earlier {
                                <span class="card-before" aria-label={format!("before the change: {earlier}")}>{ earlier }{ " → " }</span>
                            }
                            <span class="card-value">{ shown.value }</span>
                        </div>
                        <div class="card-note">{ shown.note }</div>
                        if let Some((name, trace)) = reference {
                            <div class="card-reference">{ format!("{name}: {}", card(shown.kind, trace).value) }</div>
                        }
                    </div>
                }
            }) }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::{simulate, Scenario, ScenarioSpec};

    fn trace(program: &str) -> Trace {
        let spec: ScenarioSpec =
            toml::from_str(&format!("python = \"3.9\"\ncores = 2\n[[workers]]\nkind = \"thread\"\ncount = 2\nprogram = \"{program}\"\n"))
                .expect("valid TOML");
        simulate(&Scenario::from_spec(&spec).expect("valid scenario")).expect("simulates")
    }

    #[test]
    fn lost_updates_get_a_card_only_where_there_is_a_shared_variable() {
        assert!(cards(&trace("cpu 10ms")).iter().all(|card| card.label != "Lost updates"));
        let racing = trace("increment counter 1000000");
        let card = cards(&racing)
            .into_iter()
            .find(|card| card.label == "Lost updates")
            .expect("a lost-updates card");
        let shared = &racing.metrics.shared[0];
        assert!(racing.metrics.lost_updates > 0, "3.9 loses updates");
        assert_eq!(card.value, thousands(racing.metrics.lost_updates));
        assert_eq!(
            card.note,
            format!("counter ends at {} of 2,000,000", thousands(shared.final_value))
        );
    }

    #[test]
    fn a_step_shows_its_lead_cards_first_and_folds_the_rest() {
        let (lead, rest) = focused_cards(&trace("cpu 10ms"), &[CardKind::Speedup]);
        assert_eq!(
            lead.iter().map(|card| card.label).collect::<Vec<_>>(),
            ["Speedup vs sequential"]
        );
        assert_eq!(rest.len(), cards(&trace("cpu 10ms")).len() - 1);
        assert!(rest.iter().all(|card| card.kind != CardKind::Speedup));
    }

    #[test]
    fn a_deadlock_leads_the_cards_and_says_who_waits_for_whom() {
        assert!(cards(&trace("cpu 1ms")).iter().all(|card| card.kind != CardKind::Deadlock));
        // Two threads, each getting from a queue nobody puts into.
        let stuck = trace("get jobs");
        let all = cards(&stuck);
        assert_eq!((all[0].kind, all[0].value.as_str()), (CardKind::Deadlock, "2"));
        assert_eq!(all[0].note, "T1 waits to get from queue jobs, which is empty; T2 waits to get from queue jobs, which is empty.");
        assert!(all[1].note.starts_with("deadlocked at "), "{}", all[1].note);
    }

    #[test]
    fn a_card_without_anything_to_count_says_so() {
        let sleeping = trace("io 10ms");
        let forced = cards(&sleeping)
            .into_iter()
            .find(|card| card.kind == CardKind::ForcedSwitches)
            .expect("a forced-switches card");
        assert_eq!(forced.value, "0");
        assert_eq!(forced.note, "no thread waited a whole switch interval");
        let contended = trace("cpu 20ms");
        let forced = cards(&contended)
            .into_iter()
            .find(|card| card.kind == CardKind::ForcedSwitches)
            .expect("a forced-switches card");
        assert_eq!(forced.note, format!("after {} drop requests", contended.metrics.drop_requests));
        assert!(
            contended.metrics.drop_requests > 0,
            "two CPU-bound threads of 20 ms at a 5 ms interval ask each other to drop the GIL"
        );
    }
}
