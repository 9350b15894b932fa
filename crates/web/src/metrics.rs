//! The metric cards above the timeline, and a simulation's outcome as the lab and a lesson step
//! show it: the cards and the timeline, or why it could not run.

use yew::prelude::*;

use super::format::thousands;
use super::run::Outcome;
use super::timeline::Timeline;
use gil_sim::time::{fixed, format_duration};
use gil_sim::Trace;

/// One card: what it measures, its value, and a line that says how to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub label: &'static str,
    pub value: String,
    pub note: String,
}

/// The cards for a trace, in the order they are shown.
pub fn cards(trace: &Trace) -> Vec<Card> {
    let metrics = &trace.metrics;
    let cores = metrics.cores.len();
    let io = metrics.io_resume;
    let mut cards = vec![
        Card { label: "Wall time", value: format_duration(metrics.makespan), note: "from the start until the main thread finishes".into() },
        Card {
            label: "Speedup vs sequential",
            value: format!("{}×", fixed(metrics.speedup, 2)),
            note: format!("the same work one after another takes {}", format_duration(metrics.sequential)),
        },
        Card {
            label: "CPU utilization",
            value: format!("{}%", fixed(metrics.cpu_utilization * 100.0, 0)),
            note: format!("busy time of {cores} {}", if cores == 1 { "core" } else { "cores" }),
        },
        Card { label: "GIL hand-offs", value: metrics.gil_handoffs.to_string(), note: "times the GIL passed to a different thread".into() },
        Card {
            label: "Forced switches",
            value: metrics.forced_switches.to_string(),
            note: format!("holders made to drop the GIL after {} drop requests", metrics.drop_requests),
        },
        Card {
            label: "I/O resume latency p99",
            value: if io.count == 0 { "–".into() } else { format_duration(io.p99) },
            note: if io.count == 0 {
                "no I/O completed".into()
            } else {
                format!("from I/O done to running again, over {} I/Os; median {}", io.count, format_duration(io.p50))
            },
        },
    ];
    // Only scenarios with shared variables (`increment`) can lose updates.
    if let Some(first) = metrics.shared.first() {
        let note = if metrics.shared.len() == 1 {
            format!("{} ends at {} of {}", first.name, thousands(first.final_value), thousands(first.expected))
        } else {
            format!("over {} shared variables", metrics.shared.len())
        };
        cards.push(Card { label: "Lost updates", value: thousands(metrics.lost_updates), note });
    }
    cards
}

/// The cards and the timeline of a run, or why it could not run. The cards are a function, not a
/// component: they are rebuilt only when the page re-renders, which a new trace does anyway.
pub fn outcome_view(outcome: &Outcome) -> Html {
    match outcome {
        Outcome::Ready(trace) => html! {
            <>
                { metric_cards(trace) }
                <Timeline trace={trace.clone()} />
            </>
        },
        Outcome::Failed(message) => html! { <p class="error lab-error" role="alert">{ message }</p> },
    }
}

fn metric_cards(trace: &Trace) -> Html {
    html! {
        <section class="metrics" data-testid="metric-cards" aria-label="Metrics">
            { for cards(trace).into_iter().map(|card| html! {
                <div class="card">
                    <div class="card-label">{ card.label }</div>
                    <div class="card-value">{ card.value }</div>
                    <div class="card-note">{ card.note }</div>
                </div>
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
        let card = cards(&racing).into_iter().find(|card| card.label == "Lost updates").expect("a lost-updates card");
        let shared = &racing.metrics.shared[0];
        assert!(racing.metrics.lost_updates > 0, "3.9 loses updates");
        assert_eq!(card.value, thousands(racing.metrics.lost_updates));
        assert_eq!(card.note, format!("counter ends at {} of 2,000,000", thousands(shared.final_value)));
    }
}
