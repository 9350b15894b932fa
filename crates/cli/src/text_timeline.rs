//! The timeline as text: one row per lane, one letter per column for the state that covers most
//! of that column's time.

use gil_sim::lanes::{Span, State};
use gil_sim::time::{format_duration, Nanos};
use gil_sim::trace::Trace;

const WIDTH: usize = 100;

/// Lane names longer than this are cut, so that one long name cannot push the bars off screen.
const MAX_NAME: usize = 24;

fn letter(state: State) -> char {
    match state {
        State::Starting => 's',
        State::RunningWithGil => 'G',
        State::RunningWithoutGil => 'N',
        State::WaitingForGil => 'w',
        State::WaitingForCore => 'c',
        State::Blocked => 'b',
        State::Awaiting => 'a',
        State::WaitingForLoop => 'r',
        State::Idle => 'i',
        State::Done => '.',
        State::Deadlocked => 'D',
    }
}

pub fn render(trace: &Trace) -> String {
    let end = trace.metrics.makespan;
    if end == 0 {
        return "Timeline\n  (empty: the run took no time)\n".into();
    }
    let columns = WIDTH.min(usize::try_from(end).unwrap_or(WIDTH));
    let names: Vec<String> = trace.lanes.iter().map(|lane| shorten(&lane.name)).collect();
    let name_width = names.iter().map(|name| name.chars().count()).max().unwrap_or(0);
    let mut out = format!(
        "Timeline (0 to {}, one column = {})\n",
        format_duration(end),
        format_duration(end.div_ceil(columns as u64))
    );
    // Pool threads are created late, after any process groups: gather each group's lanes together.
    let mut groups: Vec<&str> = Vec::new();
    for lane in &trace.lanes {
        if !groups.contains(&lane.group.as_str()) {
            groups.push(&lane.group);
        }
    }
    for group in groups {
        out.push_str(&format!("  {group}\n"));
        for index in (0..trace.lanes.len()).filter(|index| trace.lanes[*index].group == group) {
            out.push_str(&format!(
                "    {:<name_width$} |{}|\n",
                names[index],
                bar(spans_of(trace, index), end, columns)
            ));
        }
    }
    let (first, last) = ("0".to_string(), format_duration(end));
    let gap = columns.saturating_sub(first.chars().count() + last.chars().count()).max(1);
    out.push_str(&format!("    {:<name_width$}  {first}{}{last}\n", "", " ".repeat(gap)));
    out.push_str(&legend());
    out
}

/// A lane's spans, found by bisection: the trace keeps them sorted by lane.
fn spans_of(trace: &Trace, lane: usize) -> &[Span] {
    let first = trace.spans.partition_point(|span| (span.lane as usize) < lane);
    let after = trace.spans.partition_point(|span| (span.lane as usize) <= lane);
    &trace.spans[first..after]
}

fn shorten(name: &str) -> String {
    if name.chars().count() <= MAX_NAME {
        name.to_string()
    } else {
        name.chars().take(MAX_NAME - 1).chain(['…']).collect()
    }
}

/// Column `c` covers `[c·end/columns, (c+1)·end/columns)`; u128 keeps the products from overflowing.
fn column_start(column: usize, end: Nanos, columns: usize) -> Nanos {
    (column as u128 * end as u128 / columns as u128) as Nanos
}

fn bar(spans: &[Span], end: Nanos, columns: usize) -> String {
    let mut cover = vec![[0 as Nanos; State::ALL.len()]; columns];
    for span in spans {
        let first = (span.start as u128 * columns as u128 / end as u128) as usize;
        for (column, slot) in cover.iter_mut().enumerate().skip(first) {
            let (from, to) =
                (column_start(column, end, columns), column_start(column + 1, end, columns));
            if from >= span.end {
                break;
            }
            slot[span.state as usize] += span.end.min(to).saturating_sub(span.start.max(from));
        }
    }
    cover
        .iter()
        .map(|slot| {
            let mut best: Option<(State, Nanos)> = None;
            for state in State::ALL {
                let covered = slot[state as usize];
                if covered > 0 && best.is_none_or(|(_, most)| covered > most) {
                    best = Some((state, covered));
                }
            }
            best.map_or(' ', |(state, _)| letter(state))
        })
        .collect()
}

fn legend() -> String {
    let mut entries: Vec<String> =
        State::ALL.iter().map(|state| format!("{} {}", letter(*state), state.label())).collect();
    entries.push("space: nothing (not started yet, a free core, a free GIL)".into());
    let mut out = String::from("  Legend:");
    let mut line_length = out.chars().count();
    for entry in entries {
        let length = entry.chars().count();
        if line_length + 3 + length > WIDTH {
            out.push_str(
                "
         ",
            );
            line_length = 9;
        }
        out.push_str("   ");
        out.push_str(&entry);
        line_length += 3 + length;
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: Nanos, end: Nanos, state: State) -> Span {
        Span { lane: 0, start, end, state, who: None }
    }

    #[test]
    fn each_column_shows_the_state_covering_most_of_it() {
        let spans = [
            span(0, 30, State::Starting),
            span(30, 100, State::RunningWithGil),
            span(100, 200, State::Blocked),
        ];
        assert_eq!(bar(&spans, 200, 4), "sGbb");
    }

    #[test]
    fn uncovered_columns_are_blank() {
        let spans = [span(50, 100, State::WaitingForGil)];
        assert_eq!(bar(&spans, 100, 4), "  ww");
    }

    #[test]
    fn every_state_has_its_own_letter() {
        let mut letters: Vec<char> = State::ALL.iter().map(|state| letter(*state)).collect();
        letters.sort_unstable();
        letters.dedup();
        assert_eq!(letters.len(), State::ALL.len());
    }
}
