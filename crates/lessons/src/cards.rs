//! The metric cards beside the timeline, as a lesson knows them: what each card measures, its name
//! and definition, and which cards a step leads with. The page draws them; the lesson checks use
//! the names to make sure a step's text only points at cards the step shows.

use super::condition::{Condition, Metric};

/// What a card measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardKind {
    WallTime,
    Speedup,
    CpuUtilization,
    GilHandoffs,
    ForcedSwitches,
    FutileWakeups,
    IoResume,
    LostUpdates,
    Deadlock,
}

impl CardKind {
    pub const ALL: [CardKind; 9] = [
        CardKind::WallTime,
        CardKind::Speedup,
        CardKind::CpuUtilization,
        CardKind::GilHandoffs,
        CardKind::ForcedSwitches,
        CardKind::FutileWakeups,
        CardKind::IoResume,
        CardKind::LostUpdates,
        CardKind::Deadlock,
    ];

    /// The card's name, as it heads the card.
    pub fn label(self) -> &'static str {
        match self {
            CardKind::WallTime => "Wall time",
            CardKind::Speedup => "Speedup vs sequential",
            CardKind::CpuUtilization => "CPU utilization",
            CardKind::GilHandoffs => "GIL hand-offs",
            CardKind::ForcedSwitches => "Forced switches",
            CardKind::FutileWakeups => "Futile wake-ups",
            CardKind::IoResume => "I/O resume latency p99",
            CardKind::LostUpdates => "Lost updates",
            CardKind::Deadlock => "Deadlocked threads",
        }
    }

    /// The shortest name by which a text can point at the card ("the Speedup card").
    pub fn short_label(self) -> &'static str {
        match self {
            CardKind::Speedup => "Speedup",
            CardKind::IoResume => "I/O resume latency",
            other => other.label(),
        }
    }

    /// A name for ids and test hooks: `io-resume`.
    pub fn slug(self) -> &'static str {
        match self {
            CardKind::WallTime => "wall-time",
            CardKind::Speedup => "speedup",
            CardKind::CpuUtilization => "cpu-utilization",
            CardKind::GilHandoffs => "gil-handoffs",
            CardKind::ForcedSwitches => "forced-switches",
            CardKind::FutileWakeups => "futile-wakeups",
            CardKind::IoResume => "io-resume",
            CardKind::LostUpdates => "lost-updates",
            CardKind::Deadlock => "deadlock",
        }
    }

    /// What the name means, in a sentence a newcomer can read.
    pub fn definition(self) -> &'static str {
        match self {
            CardKind::WallTime => "How long the whole program took: from the start until the main thread finished.",
            CardKind::Speedup => {
                "The time the same work takes done one piece after another, divided by the wall time: 2× is twice as fast as that."
            }
            CardKind::CpuUtilization => "The share of the cores' time spent running code, over the whole run.",
            CardKind::GilHandoffs => "How many times the GIL passed from one thread to a different one.",
            CardKind::ForcedSwitches => {
                "How many times a thread had to drop the GIL because another had waited a whole switch interval for it."
            }
            CardKind::FutileWakeups => "How many times a thread woke up to take the GIL and found it taken again (the old GIL).",
            CardKind::IoResume => {
                "From an I/O finishing to its thread running again. p99: 99 of 100 waits were shorter than this; the median: half were."
            }
            CardKind::LostUpdates => {
                "Increments of a shared variable that a race overwrote: the value it should have, minus the value it has."
            }
            CardKind::Deadlock => {
                "Threads left waiting forever for a lock, a queue or an event that no other thread will ever release, fill or set."
            }
        }
    }

    /// The card that shows a metric lessons name in their conditions.
    pub fn of(metric: Metric) -> CardKind {
        match metric {
            Metric::WallTime => CardKind::WallTime,
            Metric::Speedup => CardKind::Speedup,
            Metric::CpuUtilization => CardKind::CpuUtilization,
            Metric::GilHandoffs => CardKind::GilHandoffs,
            Metric::ForcedSwitches => CardKind::ForcedSwitches,
            Metric::FutileWakeups => CardKind::FutileWakeups,
            Metric::IoMean | Metric::IoP50 | Metric::IoP99 | Metric::IoMax => CardKind::IoResume,
            Metric::LostUpdates => CardKind::LostUpdates,
            Metric::DeadlockedThreads => CardKind::Deadlock,
        }
    }
}

/// The cards a lesson step leads with: those its conditions name, in the order they first
/// appear, or the wall time and the speedup when it names none. The others are folded.
pub fn focus_of<'a>(conditions: impl IntoIterator<Item = &'a Condition>) -> Vec<CardKind> {
    let mut kinds = Vec::new();
    for clause in conditions.into_iter().flat_map(|condition| &condition.clauses) {
        let kind = CardKind::of(clause.metric);
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    if kinds.is_empty() {
        kinds = vec![CardKind::WallTime, CardKind::Speedup];
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_leads_with_the_cards_its_conditions_name() {
        let conditions = [
            Condition::parse("io_p99 > 4ms and speedup < 1.5").unwrap(),
            Condition::parse("io_max > 1ms").unwrap(),
        ];
        assert_eq!(focus_of(&conditions), [CardKind::IoResume, CardKind::Speedup]);
        assert_eq!(
            focus_of(&[]),
            [CardKind::WallTime, CardKind::Speedup],
            "a step that names nothing"
        );
        assert_eq!(
            focus_of(&[Condition::parse("deadlocked_threads >= 2").unwrap()]),
            [CardKind::Deadlock]
        );
    }

    #[test]
    fn every_card_has_a_short_name_that_begins_its_label() {
        for kind in CardKind::ALL {
            assert!(kind.label().starts_with(kind.short_label()), "{kind:?}");
        }
    }
}
