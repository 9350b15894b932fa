//! Turning a lane's spans into the few rectangles worth drawing at the current zoom.
//!
//! A span at least a pixel wide is drawn as itself. Spans narrower than a pixel are pooled per
//! pixel column, and the column is drawn in the paint (state and thread colour, see
//! [`Paint`]) that filled most of it (its *dominant* paint); neighbouring columns with the same
//! dominant paint become one rectangle. So a lane never needs more than about two rectangles per
//! pixel of plot, however many spans it has.
//!
//! The blocks are then drawn as [`outlines`]: one SVG path per paint per lane, whose subpaths are
//! the runs of touching blocks of that paint. A path is one DOM element however many subpaths it
//! has, so the timeline has at most one element per paint per lane to create, style and lay out.

use super::layout::Paint;
use super::scale::Scale;
use gil_sim::lanes::Span;

/// One rectangle to draw on a lane, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Block {
    pub x0: f64,
    pub x1: f64,
    pub paint: Paint,
    /// Index (into the slice given to [`aggregate`]) of the first span it stands for.
    pub first: usize,
    /// How many spans it stands for: 1 for a span drawn as itself.
    pub spans: usize,
    /// Whether it pools spans narrower than a pixel (and so shows their dominant paint).
    pub pooled: bool,
}

impl Block {
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
}

/// The spans of one lane, sorted by start.
pub fn lane_spans(spans: &[Span], lane: u32) -> std::ops::Range<usize> {
    spans.partition_point(|span| span.lane < lane)..spans.partition_point(|span| span.lane <= lane)
}

/// A pixel column being filled with spans narrower than a pixel.
struct Column {
    index: i64,
    x0: f64,
    weight: [f64; Paint::COUNT],
    first: usize,
    spans: usize,
}

impl Column {
    fn new(index: i64, x0: f64, first: usize) -> Column {
        Column { index, x0, weight: [0.0; Paint::COUNT], first, spans: 0 }
    }

    /// The paint that filled most of the column; ties go to the paint numbered first.
    fn dominant(&self) -> Paint {
        let mut best = 0;
        for (index, weight) in self.weight.iter().enumerate() {
            if *weight > self.weight[best] {
                best = index;
            }
        }
        Paint::from_index(best)
    }
}

/// Ends a column of pooled spans, at `limit` at the latest: a block in its dominant paint, or the
/// last block made longer when it is pooled, of that paint, and ends where the column starts.
fn close_column(column: Column, limit: f64, blocks: &mut Vec<Block>) {
    let x1 = (column.index as f64 + 1.0).min(limit);
    if x1 <= column.x0 {
        return;
    }
    let dominant = column.dominant();
    match blocks.last_mut() {
        Some(last) if last.pooled && last.paint == dominant && (last.x1 - column.x0).abs() < 1e-9 => {
            last.x1 = x1;
            last.spans += column.spans;
        }
        _ => blocks.push(Block { x0: column.x0, x1, paint: dominant, first: column.first, spans: column.spans, pooled: true }),
    }
}

/// The blocks for one lane's `spans` (sorted by start, not overlapping) at this `scale`, each
/// painted by `paint`, left to right, clipped to the plot. Pure and allocation-light: it runs at
/// every zoom and pan.
pub fn aggregate(spans: &[Span], scale: &Scale, paint: impl Fn(&Span) -> Paint) -> Vec<Block> {
    let window = scale.window;
    let plot_left = scale.left;
    let plot_right = scale.left + scale.width;
    let mut blocks: Vec<Block> = Vec::new();
    let mut column: Option<Column> = None;
    let first_visible = spans.partition_point(|span| span.end <= window.start);

    let flush = |column: Option<Column>, limit: f64, blocks: &mut Vec<Block>| {
        if let Some(column) = column {
            close_column(column, limit.min(plot_right), blocks);
        }
    };

    for (index, span) in spans.iter().enumerate().skip(first_visible) {
        if span.start >= window.end {
            break;
        }
        let x0 = scale.x(span.start.max(window.start)).max(plot_left);
        let x1 = scale.x(span.end.min(window.end)).min(plot_right);
        if x1 <= x0 {
            continue;
        }
        if x1 - x0 >= 1.0 {
            flush(column.take(), x0, &mut blocks);
            blocks.push(Block { x0, x1, paint: paint(span), first: index, spans: 1, pooled: false });
            continue;
        }
        // Narrower than a pixel: it adds to the column(s) it touches (at most two).
        let mut from = x0;
        while from < x1 {
            let col = from.floor() as i64;
            let to = x1.min(col as f64 + 1.0);
            let mut current = match column.take() {
                Some(open) if open.index == col => open,
                other => {
                    flush(other, f64::INFINITY, &mut blocks);
                    let after_last = blocks.last().map_or(plot_left, |block| block.x1);
                    Column::new(col, (col as f64).max(after_last).max(plot_left), index)
                }
            };
            current.weight[paint(span).index()] += to - from;
            // A span that straddles two columns counts where it starts.
            current.spans += usize::from(from == x0);
            column = Some(current);
            from = to;
        }
    }
    flush(column, f64::INFINITY, &mut blocks);
    blocks
}

/// Where one paint is drawn on a lane: runs `[x0, x1)` in tenths of a pixel, left to right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub paint: Paint,
    pub runs: Vec<(i64, i64)>,
}

fn tenths(x: f64) -> i64 {
    (x * 10.0).round() as i64
}

/// The blocks of one lane (left to right, as [`aggregate`] gives them) grouped by paint, in the
/// order of their numbers; blocks of a paint that touch become one run, and runs narrower than a
/// tenth of a pixel, which nothing would show, are left out.
pub fn outlines(blocks: &[Block]) -> Vec<Outline> {
    let mut runs: Vec<Vec<(i64, i64)>> = vec![Vec::new(); Paint::COUNT];
    for block in blocks {
        let (x0, x1) = (tenths(block.x0), tenths(block.x1));
        if x1 <= x0 {
            continue;
        }
        let paint_runs = &mut runs[block.paint.index()];
        match paint_runs.last_mut() {
            Some(last) if last.1 >= x0 => last.1 = last.1.max(x1),
            _ => paint_runs.push((x0, x1)),
        }
    }
    runs.into_iter()
        .enumerate()
        .filter(|(_, runs)| !runs.is_empty())
        .map(|(index, runs)| Outline { paint: Paint::from_index(index), runs })
        .collect()
}

/// Appends a length in tenths of a pixel as an SVG number: `1503` → `150.3`, `-20` → `-2`. By
/// hand, not with `format!`: a large timeline writes tens of thousands of them at every change.
fn push_number(data: &mut String, tenths: i64) {
    if tenths < 0 {
        data.push('-');
    }
    let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
    push_digits(data, whole);
    if tenth > 0 {
        data.push('.');
        data.push(char::from(b'0' + tenth as u8));
    }
}

fn push_digits(data: &mut String, value: u64) {
    if value >= 10 {
        push_digits(data, value / 10);
    }
    data.push(char::from(b'0' + (value % 10) as u8));
}

/// The SVG path data of `runs` as rectangles from `top`, `height` high: the first placed
/// absolutely, each next one relative to the one before (a closed subpath returns to its start),
/// which keeps the data short and the positions exact to the tenth of a pixel.
pub fn path_data(runs: &[(i64, i64)], top: f64, height: f64) -> String {
    let mut data = String::with_capacity(runs.len() * 24);
    let mut previous: Option<i64> = None;
    for (x0, x1) in runs {
        match previous {
            None => {
                data.push('M');
                push_number(&mut data, *x0);
                data.push(' ');
                push_number(&mut data, tenths(top));
            }
            Some(before) => {
                data.push('m');
                push_number(&mut data, x0 - before);
                data.push_str(" 0");
            }
        }
        data.push('h');
        push_number(&mut data, x1 - x0);
        data.push('v');
        push_number(&mut data, tenths(height));
        data.push_str("h-");
        push_number(&mut data, x1 - x0);
        data.push('z');
        previous = Some(*x0);
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::scale::Window;
    use gil_sim::lanes::State;

    fn span(start: u64, end: u64, state: State) -> Span {
        Span { lane: 0, start, end, state, who: None }
    }

    fn plain(span: &Span) -> Paint {
        Paint::plain(span.state)
    }

    /// 1 ns per pixel over 0..100, plot starting at x = 0.
    fn unit_scale(start: u64, end: u64) -> Scale {
        Scale::new(Window { start, end }, 0.0, (end - start) as f64)
    }

    #[test]
    fn wide_spans_are_drawn_as_themselves() {
        let spans = [span(0, 10, State::RunningWithGil), span(10, 25, State::WaitingForGil), span(25, 100, State::Blocked)];
        let blocks = aggregate(&spans, &unit_scale(0, 100), plain);
        assert_eq!(blocks.len(), 3);
        assert_eq!((blocks[1].x0, blocks[1].x1, blocks[1].paint.state, blocks[1].first), (10.0, 25.0, State::WaitingForGil, 1));
        assert!(blocks.iter().all(|block| !block.pooled && block.spans == 1));
    }

    #[test]
    fn narrow_spans_pool_into_their_dominant_state_per_pixel() {
        // 10 ns per pixel; pixel 0 is 7 ns running + 3 ns waiting, pixel 1 is 4 ns running + 6 ns waiting.
        let spans = [
            span(0, 4, State::RunningWithGil),
            span(4, 7, State::WaitingForGil),
            span(7, 10, State::RunningWithGil),
            span(10, 14, State::RunningWithGil),
            span(14, 20, State::WaitingForGil),
        ];
        let scale = Scale::new(Window { start: 0, end: 20 }, 0.0, 2.0);
        let blocks = aggregate(&spans, &scale, plain);
        assert_eq!(blocks.len(), 2, "{blocks:?}");
        assert_eq!((blocks[0].x0, blocks[0].x1, blocks[0].paint.state, blocks[0].spans), (0.0, 1.0, State::RunningWithGil, 3));
        assert_eq!((blocks[1].x0, blocks[1].x1, blocks[1].paint.state, blocks[1].spans), (1.0, 2.0, State::WaitingForGil, 2));
        assert!(blocks.iter().all(|block| block.pooled));
    }

    #[test]
    fn neighbouring_columns_with_the_same_dominant_state_merge() {
        // 1000 alternating spans, 0.3 px each at this zoom; running (2 ns) always beats waiting (1 ns).
        let mut spans = Vec::new();
        for n in 0..1000u64 {
            spans.push(span(3 * n, 3 * n + 2, State::RunningWithGil));
            spans.push(span(3 * n + 2, 3 * n + 3, State::WaitingForGil));
        }
        let scale = Scale::new(Window::all(3000), 100.0, 300.0);
        let blocks = aggregate(&spans, &scale, plain);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        assert_eq!((blocks[0].x0, blocks[0].x1, blocks[0].paint.state, blocks[0].spans), (100.0, 400.0, State::RunningWithGil, 2000));
    }

    #[test]
    fn a_column_pools_by_thread_colour_as_well_as_state() {
        // A GIL lane changing hands every 3 ns, 10 ns per pixel: T1 holds 2 of every 3 ns.
        let mut spans = Vec::new();
        for n in 0..10u64 {
            spans.push(Span { who: Some(1), ..span(3 * n, 3 * n + 2, State::RunningWithGil) });
            spans.push(Span { who: Some(2), ..span(3 * n + 2, 3 * n + 3, State::RunningWithGil) });
        }
        let by_holder = |span: &Span| Paint { state: span.state, who: span.who.map(|who| who as u8) };
        let blocks = aggregate(&spans, &Scale::new(Window::all(30), 0.0, 3.0), by_holder);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        assert_eq!(blocks[0].paint, Paint { state: State::RunningWithGil, who: Some(1) });
    }

    #[test]
    fn a_pooled_column_stops_where_a_wide_span_starts() {
        let spans = [span(0, 1, State::Blocked), span(1, 2, State::Blocked), span(2, 50, State::RunningWithGil)];
        // 10 ns per pixel: the two short spans fill 0.2 px of pixel 0, then the long span starts at x = 0.2.
        let blocks = aggregate(&spans, &Scale::new(Window::all(50), 0.0, 5.0), plain);
        assert_eq!(blocks.len(), 2, "{blocks:?}");
        assert_eq!((blocks[0].x0, blocks[0].x1, blocks[0].paint.state, blocks[0].pooled), (0.0, 0.2, State::Blocked, true));
        assert_eq!((blocks[1].x0, blocks[1].x1, blocks[1].paint.state), (0.2, 5.0, State::RunningWithGil));
        assert!(blocks.windows(2).all(|pair| pair[0].x1 <= pair[1].x0 + 1e-9), "no overlap");
    }

    #[test]
    fn only_the_visible_window_is_drawn_and_clipped_to_the_plot() {
        let spans = [span(0, 10, State::Blocked), span(10, 20, State::RunningWithGil), span(20, 30, State::Done)];
        let blocks = aggregate(&spans, &Scale::new(Window { start: 15, end: 25 }, 50.0, 100.0), plain);
        assert_eq!(blocks.len(), 2);
        assert_eq!((blocks[0].x0, blocks[0].x1, blocks[0].first), (50.0, 100.0, 1));
        assert_eq!((blocks[1].x0, blocks[1].x1, blocks[1].first), (100.0, 150.0, 2));
    }

    #[test]
    fn many_spans_give_at_most_about_two_blocks_per_pixel() {
        // 300k spans of pseudo-random lengths and states over 10 s on an 800 px plot.
        let mut spans = Vec::new();
        let mut time = 0;
        let mut seed = 12345u64;
        while spans.len() < 300_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = 1_000 + (seed >> 33) % 60_000;
            let state = State::ALL[((seed >> 20) % 4) as usize];
            spans.push(span(time, time + len, state));
            time += len;
        }
        let scale = Scale::new(Window::all(time), 150.0, 800.0);
        let blocks = aggregate(&spans, &scale, plain);
        assert!(blocks.len() <= 1_600, "{} blocks", blocks.len());
        assert!(blocks.windows(2).all(|pair| pair[0].x1 <= pair[1].x0 + 1e-9), "no overlap");
        assert!(blocks.iter().all(|block| block.x0 >= 150.0 && block.x1 <= 950.0 + 1e-9));
        // Zoomed in 1000×, most spans are wide enough to be drawn as themselves.
        let zoomed = Scale::new(Window { start: time / 2, end: time / 2 + time / 1000 }, 150.0, 800.0);
        let blocks = aggregate(&spans, &zoomed, plain);
        assert!(blocks.iter().filter(|block| !block.pooled).count() > 200, "{blocks:?}");
        assert!(blocks.len() <= 1_600);
    }

    fn block(x0: f64, x1: f64, state: State) -> Block {
        Block { x0, x1, paint: Paint::plain(state), first: 0, spans: 1, pooled: false }
    }

    #[test]
    fn outlines_merge_touching_blocks_of_a_state() {
        let blocks = [
            block(150.0, 160.0, State::RunningWithGil),
            block(160.0, 170.25, State::RunningWithGil),
            block(170.25, 171.0, State::WaitingForGil),
            block(171.0, 180.0, State::RunningWithGil),
            block(180.0, 180.04, State::Blocked),
        ];
        assert_eq!(
            outlines(&blocks),
            [
                Outline { paint: Paint::plain(State::RunningWithGil), runs: vec![(1500, 1703), (1710, 1800)] },
                Outline { paint: Paint::plain(State::WaitingForGil), runs: vec![(1703, 1710)] },
            ]
        );
    }

    #[test]
    fn a_path_draws_each_run_as_a_rectangle() {
        assert_eq!(path_data(&[], 4.0, 18.0), "");
        assert_eq!(path_data(&[(1500, 1703), (1710, 1800)], 40.5, 18.0), "M150 40.5h20.3v18h-20.3zm21 0h9v18h-9z");
        let number = |tenths| {
            let mut data = String::new();
            push_number(&mut data, tenths);
            data
        };
        assert_eq!([number(-25), number(0), number(7), number(-10), number(123_450)], ["-2.5", "0", "0.7", "-1", "12345"]);
    }

    #[test]
    fn lane_ranges_split_sorted_spans() {
        let mut spans = vec![span(0, 1, State::Blocked); 3];
        spans[1].lane = 1;
        spans[2].lane = 1;
        assert_eq!(lane_spans(&spans, 0), 0..1);
        assert_eq!(lane_spans(&spans, 1), 1..3);
        assert_eq!(lane_spans(&spans, 2), 3..3);
    }
}
