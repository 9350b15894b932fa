//! Turning a lane's spans into the few rectangles worth drawing at the current zoom.
//!
//! A span at least a pixel wide is drawn as itself, the lane's whole height. Spans narrower than a
//! pixel are pooled per pixel column, and the column is drawn as what it holds: a bar from the
//! lane's bottom as high as the share of the column spent running, in the paint (state and thread
//! colour, see [`Paint`]) that ran most of it, and above it a bar as high as the share spent
//! waiting or blocked, in the paint that waited most. A core busy 48% of a stretch looks about
//! half full at any zoom, not solid. Heights are counted in [`LEVELS`]ths of the lane, so
//! neighbouring columns that hold about the same become one rectangle, and a lane never needs
//! more than about two rectangles per pixel of plot per height, however many spans it has.
//!
//! The blocks are then drawn as [`outlines`]: one SVG path per paint per lane, whose subpaths are
//! the runs of touching blocks of that paint. A path is one DOM element however many subpaths it
//! has, so the timeline has at most one element per paint per lane to create, style and lay out.

use super::layout::Paint;
use super::scale::Scale;
use gil_sim::lanes::{Span, State};

/// How finely a pooled column's shares are drawn: in eighths of the lane's height.
pub const LEVELS: u8 = 8;

/// The part of a lane's height a block fills, in [`LEVELS`]ths counted from the lane's bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub from: u8,
    pub to: u8,
}

impl Band {
    pub const FULL: Band = Band { from: 0, to: LEVELS };

    /// Its share of the lane's height, from 0 to 1.
    pub fn height(self) -> f64 {
        f64::from(self.to - self.from) / f64::from(LEVELS)
    }
}

/// A share of a column (0 to 1) in levels: at least one for anything there, so that a short event
/// still shows.
fn levels(share: f64) -> u8 {
    if share <= 0.0 {
        0
    } else {
        ((share * f64::from(LEVELS)).round() as u8).clamp(1, LEVELS)
    }
}

/// One rectangle to draw on a lane, in pixels across and a [`Band`] of its height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Block {
    pub x0: f64,
    pub x1: f64,
    pub band: Band,
    pub paint: Paint,
    /// Index (into the slice given to [`aggregate`]) of the first span it stands for.
    pub first: usize,
    /// How many spans it stands for: 1 for a span drawn as itself.
    pub spans: usize,
    /// Whether it pools spans narrower than a pixel (and so shows their dominant paint).
    pub pooled: bool,
}

/// Whether a paint counts as running in a pooled column (drawn from the lane's bottom), as
/// waiting or blocked (drawn above), or as nothing (a finished thread's blank).
fn is_running(paint: Paint) -> Option<bool> {
    match paint.state {
        State::Done => None,
        state => Some(state.is_running()),
    }
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

    /// The column's running share and its waiting share, each with the paint that filled most
    /// of it (ties go to the paint numbered first), in one pass over the paints it holds: this
    /// runs for every pixel column of every lane at each zoom and pan.
    fn shares(&self, width: f64) -> [Option<(Paint, f64)>; 2] {
        // Running, then waiting: the total weight, and the heaviest paint with its weight.
        let mut tally = [(0.0, None::<(usize, f64)>); 2];
        for (index, weight) in self.weight.iter().enumerate().filter(|(_, weight)| **weight > 0.0) {
            let Some(running) = is_running(Paint::from_index(index)) else { continue };
            let (total, heaviest) = &mut tally[usize::from(!running)];
            *total += weight;
            if heaviest.is_none_or(|(_, most)| *weight > most) {
                *heaviest = Some((index, *weight));
            }
        }
        tally.map(|(total, heaviest)| {
            heaviest.map(|(index, _)| (Paint::from_index(index), (total / width).min(1.0)))
        })
    }
}

/// Ends a column of pooled spans, at `limit` at the latest: a bar of its running share from the
/// lane's bottom and a bar of its waiting share above it, each in its dominant paint, or the last
/// block of that paint and band made longer when it is pooled and ends where the column starts.
fn close_column(column: Column, limit: f64, blocks: &mut Vec<Block>) {
    let x1 = (column.index as f64 + 1.0).min(limit);
    if x1 <= column.x0 {
        return;
    }
    let width = x1 - column.x0;
    let mut from = 0;
    for (paint, share) in column.shares(width).into_iter().flatten() {
        let to = (from + levels(share)).min(LEVELS);
        if to > from {
            extend_or_push(
                blocks,
                Block {
                    x0: column.x0,
                    x1,
                    band: Band { from, to },
                    paint,
                    first: column.first,
                    spans: column.spans,
                    pooled: true,
                },
            );
        }
        from = to;
    }
}

/// Adds a pooled block, or makes one of the last two (a column's two bars) longer when it is the
/// same paint and band and ends where the new one starts.
fn extend_or_push(blocks: &mut Vec<Block>, block: Block) {
    let same = |last: &&mut Block| {
        last.pooled
            && last.paint == block.paint
            && last.band == block.band
            && (last.x1 - block.x0).abs() < 1e-9
    };
    match blocks.iter_mut().rev().take(2).find(same) {
        Some(last) => {
            last.x1 = block.x1;
            last.spans += block.spans;
        }
        None => blocks.push(block),
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
            blocks.push(Block {
                x0,
                x1,
                band: Band::FULL,
                paint: paint(span),
                first: index,
                spans: 1,
                pooled: false,
            });
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
                    let after_last =
                        blocks.iter().rev().take(2).map(|block| block.x1).fold(plot_left, f64::max);
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

/// A stretch of one paint on a lane: `[x0, x1)` in tenths of a pixel, and the band of the lane's
/// height it fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub x0: i64,
    pub x1: i64,
    pub band: Band,
}

/// Where one paint is drawn on a lane: its runs, left to right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub paint: Paint,
    pub runs: Vec<Run>,
}

fn tenths(x: f64) -> i64 {
    (x * 10.0).round() as i64
}

/// The blocks of one lane (left to right, as [`aggregate`] gives them) grouped by paint, in the
/// order of their numbers; blocks of a paint and band that touch become one run, and runs narrower
/// than a tenth of a pixel, which nothing would show, are left out.
pub fn outlines(blocks: &[Block]) -> Vec<Outline> {
    let mut runs: Vec<Vec<Run>> = vec![Vec::new(); Paint::COUNT];
    for block in blocks {
        let (x0, x1) = (tenths(block.x0), tenths(block.x1));
        if x1 <= x0 {
            continue;
        }
        let paint_runs = &mut runs[block.paint.index()];
        match paint_runs.last_mut() {
            Some(last) if last.x1 >= x0 && last.band == block.band => last.x1 = last.x1.max(x1),
            _ => paint_runs.push(Run { x0, x1, band: block.band }),
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

/// The SVG path data of `runs` as rectangles on a lane from `top`, `height` high, each filling its
/// band: the first placed absolutely, each next one relative to the one before (a closed subpath
/// returns to its start), which keeps the data short and the positions exact to the tenth of a
/// pixel.
pub fn path_data(runs: &[Run], top: f64, height: f64) -> String {
    let mut data = String::with_capacity(runs.len() * 24);
    let mut previous: Option<(i64, i64)> = None;
    for run in runs {
        let y = tenths(top + height * (1.0 - f64::from(run.band.to) / f64::from(LEVELS)));
        match previous {
            None => {
                data.push('M');
                push_number(&mut data, run.x0);
                data.push(' ');
                push_number(&mut data, y);
            }
            Some((x, before_y)) => {
                data.push('m');
                push_number(&mut data, run.x0 - x);
                data.push(' ');
                push_number(&mut data, y - before_y);
            }
        }
        data.push('h');
        push_number(&mut data, run.x1 - run.x0);
        data.push('v');
        push_number(&mut data, tenths(height * run.band.height()));
        data.push_str("h-");
        push_number(&mut data, run.x1 - run.x0);
        data.push('z');
        previous = Some((run.x0, y));
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
        let spans = [
            span(0, 10, State::RunningWithGil),
            span(10, 25, State::WaitingForGil),
            span(25, 100, State::Blocked),
        ];
        let blocks = aggregate(&spans, &unit_scale(0, 100), plain);
        assert_eq!(blocks.len(), 3);
        assert_eq!(
            (blocks[1].x0, blocks[1].x1, blocks[1].paint.state, blocks[1].first),
            (10.0, 25.0, State::WaitingForGil, 1)
        );
        assert!(blocks.iter().all(|block| !block.pooled && block.spans == 1));
    }

    /// What a block stands for on screen: its bounds, its band and its state.
    fn drawn(block: &Block) -> (f64, f64, (u8, u8), State) {
        (block.x0, block.x1, (block.band.from, block.band.to), block.paint.state)
    }

    #[test]
    fn narrow_spans_pool_into_bars_of_their_running_and_waiting_shares() {
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
        let shown: Vec<_> = blocks.iter().map(drawn).collect();
        assert_eq!(
            shown,
            [
                (0.0, 1.0, (0, 6), State::RunningWithGil),
                (0.0, 1.0, (6, 8), State::WaitingForGil),
                (1.0, 2.0, (0, 3), State::RunningWithGil),
                (1.0, 2.0, (3, 8), State::WaitingForGil),
            ]
        );
        assert_eq!((blocks[0].spans, blocks[2].spans), (3, 2));
        assert!(blocks.iter().all(|block| block.pooled));
    }

    #[test]
    fn a_pooled_column_is_as_full_as_it_is_busy() {
        // A core busy 4 ns of every 10, in spans of 1 ns, 100 ns per pixel: 40% of every column.
        let spans: Vec<Span> = (0..1000u64)
            .filter(|n| n % 10 < 4)
            .map(|n| span(n, n + 1, State::RunningWithGil))
            .collect();
        let blocks = aggregate(&spans, &Scale::new(Window::all(1000), 0.0, 10.0), plain);
        assert_eq!(
            blocks.iter().map(drawn).collect::<Vec<_>>(),
            [(0.0, 10.0, (0, 3), State::RunningWithGil)]
        );
    }

    #[test]
    fn neighbouring_columns_holding_the_same_merge() {
        // 1000 alternating spans, running 2 ns and waiting 1 ns, 30 ns a pixel: every column two
        // thirds running.
        let mut spans = Vec::new();
        for n in 0..1000u64 {
            spans.push(span(3 * n, 3 * n + 2, State::RunningWithGil));
            spans.push(span(3 * n + 2, 3 * n + 3, State::WaitingForGil));
        }
        let blocks = aggregate(&spans, &Scale::new(Window::all(3000), 100.0, 100.0), plain);
        let shown: Vec<_> = blocks.iter().map(drawn).collect();
        assert_eq!(
            shown,
            [
                (100.0, 200.0, (0, 5), State::RunningWithGil),
                (100.0, 200.0, (5, 8), State::WaitingForGil)
            ]
        );
        assert_eq!(blocks[0].spans, 2000, "each bar stands for every span of its columns");
    }

    /// Two CPU-bound threads at a 100 µs interval on two cores: the cores take turns, each busy
    /// about half the run, in stretches far narrower than a pixel.
    fn cores_taking_turns() -> gil_sim::Trace {
        let spec: gil_sim::ScenarioSpec = toml::from_str(
            "python = \"3.12\"\ncores = 2\nswitch_interval = \"100us\"\n[[workers]]\nkind = \"thread\"\ncount = 2\nprogram = \"cpu 100ms\"\n",
        )
        .expect("valid TOML");
        gil_sim::simulate(&gil_sim::Scenario::from_spec(&spec).expect("valid")).expect("runs")
    }

    #[test]
    fn a_core_lane_is_drawn_as_busy_as_it_was_at_any_zoom() {
        use crate::timeline::columns::Columns;
        use crate::timeline::layout::{layout, trace_end};
        use gil_sim::lanes::LaneKind;
        let trace = cores_taking_turns();
        let end = trace_end(&trace);
        let zooms = [Window::all(end), Window { start: end / 3, end: end / 3 + end / 20 }];
        let desktop_and_phone = [Columns::default(), Columns::for_frame(350.0)];
        for (window, columns) in
            zooms.into_iter().flat_map(|zoom| desktop_and_phone.map(|c| (zoom, c)))
        {
            let layout = layout(&trace, columns);
            let scale = Scale::new(window, 0.0, columns.plot);
            for (lane, _) in
                trace.lanes.iter().enumerate().filter(|(_, lane)| lane.kind == LaneKind::Core)
            {
                let spans = &trace.spans[lane_spans(&trace.spans, lane as u32)];
                let busy: u64 = spans
                    .iter()
                    .filter(|span| span.state.is_running())
                    .map(|span| {
                        span.end.min(window.end).saturating_sub(span.start.max(window.start))
                    })
                    .sum();
                let busy = busy as f64 / window.len() as f64;
                let blocks = aggregate(spans, &scale, |span| layout.paint(span));
                let ink: f64 =
                    blocks.iter().map(|block| block.width() * block.band.height()).sum::<f64>()
                        / columns.plot;
                assert!(
                    busy > 0.3 && busy < 0.7,
                    "the scenario keeps each core about half busy: {busy}"
                );
                assert!(
                    (ink - busy).abs() <= 0.2 * busy,
                    "core lane {lane} in {window:?}: {ink:.2} of its area inked, busy {busy:.2}"
                );
            }
        }
    }

    #[test]
    fn a_column_pools_by_thread_colour_as_well_as_state() {
        // A GIL lane changing hands every 3 ns, 10 ns per pixel: T1 holds 2 of every 3 ns.
        let mut spans = Vec::new();
        for n in 0..10u64 {
            spans.push(Span { who: Some(1), ..span(3 * n, 3 * n + 2, State::RunningWithGil) });
            spans.push(Span { who: Some(2), ..span(3 * n + 2, 3 * n + 3, State::RunningWithGil) });
        }
        let by_holder =
            |span: &Span| Paint { state: span.state, who: span.who.map(|who| who as u8) };
        let blocks = aggregate(&spans, &Scale::new(Window::all(30), 0.0, 3.0), by_holder);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        assert_eq!(blocks[0].paint, Paint { state: State::RunningWithGil, who: Some(1) });
    }

    #[test]
    fn a_pooled_column_stops_where_a_wide_span_starts() {
        let spans = [
            span(0, 1, State::Blocked),
            span(1, 2, State::Blocked),
            span(2, 50, State::RunningWithGil),
        ];
        // 10 ns per pixel: the two short spans fill 0.2 px of pixel 0, then the long span starts at x = 0.2.
        let blocks = aggregate(&spans, &Scale::new(Window::all(50), 0.0, 5.0), plain);
        assert_eq!(blocks.len(), 2, "{blocks:?}");
        assert_eq!(
            (drawn(&blocks[0]), blocks[0].pooled),
            ((0.0, 0.2, (0, 8), State::Blocked), true)
        );
        assert_eq!(drawn(&blocks[1]), (0.2, 5.0, (0, 8), State::RunningWithGil));
        assert!(blocks.windows(2).all(|pair| pair[0].x1 <= pair[1].x0 + 1e-9), "no overlap");
    }

    #[test]
    fn only_the_visible_window_is_drawn_and_clipped_to_the_plot() {
        let spans = [
            span(0, 10, State::Blocked),
            span(10, 20, State::RunningWithGil),
            span(20, 30, State::Done),
        ];
        let blocks =
            aggregate(&spans, &Scale::new(Window { start: 15, end: 25 }, 50.0, 100.0), plain);
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
        let overlap = |a: &Block, b: &Block| {
            a.x0 < b.x1 - 1e-9
                && b.x0 < a.x1 - 1e-9
                && a.band.from < b.band.to
                && b.band.from < a.band.to
        };
        let near = |at: usize| {
            blocks[at.saturating_sub(3)..at].iter().any(|earlier| overlap(earlier, &blocks[at]))
        };
        assert!(!(1..blocks.len()).any(near), "blocks drawn over each other");
        assert!(blocks.iter().all(|block| block.x0 >= 150.0 && block.x1 <= 950.0 + 1e-9));
        // Zoomed in 1000×, most spans are wide enough to be drawn as themselves.
        let zoomed =
            Scale::new(Window { start: time / 2, end: time / 2 + time / 1000 }, 150.0, 800.0);
        let blocks = aggregate(&spans, &zoomed, plain);
        assert!(blocks.iter().filter(|block| !block.pooled).count() > 200, "{blocks:?}");
        assert!(blocks.len() <= 1_600);
    }

    fn block(x0: f64, x1: f64, state: State) -> Block {
        Block {
            x0,
            x1,
            band: Band::FULL,
            paint: Paint::plain(state),
            first: 0,
            spans: 1,
            pooled: false,
        }
    }

    fn run(x0: i64, x1: i64) -> Run {
        Run { x0, x1, band: Band::FULL }
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
                Outline {
                    paint: Paint::plain(State::RunningWithGil),
                    runs: vec![run(1500, 1703), run(1710, 1800)]
                },
                Outline { paint: Paint::plain(State::WaitingForGil), runs: vec![run(1703, 1710)] },
            ]
        );
    }

    #[test]
    fn a_path_draws_each_run_as_a_rectangle() {
        assert_eq!(path_data(&[], 4.0, 18.0), "");
        assert_eq!(
            path_data(&[run(1500, 1703), run(1710, 1800)], 40.5, 18.0),
            "M150 40.5h20.3v18h-20.3zm21 0h9v18h-9z"
        );
        let half = Run { x0: 1800, x1: 1810, band: Band { from: 0, to: 4 } };
        let above = Run { x0: 1810, x1: 1820, band: Band { from: 4, to: 8 } };
        assert_eq!(
            path_data(&[half, above], 40.0, 16.0),
            "M180 48h1v8h-1zm1 -8h1v8h-1z",
            "each run fills its band"
        );
        let number = |tenths| {
            let mut data = String::new();
            push_number(&mut data, tenths);
            data
        };
        assert_eq!(
            [number(-25), number(0), number(7), number(-10), number(123_450)],
            ["-2.5", "0", "0.7", "-1", "12345"]
        );
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
