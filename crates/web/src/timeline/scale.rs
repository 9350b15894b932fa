//! Time ↔ pixel mapping for a zoomable window of the trace, and the choice of axis ticks.
//! Pure: no Yew, tested natively.

use gil_sim::time::{fixed, Nanos, MICROSECOND, MILLISECOND};

/// The smallest window the zoom allows, so a pixel is never less than a nanosecond or so.
pub const MIN_WINDOW: Nanos = 1_000;

/// The part of the trace that is visible: `[start, end)` in simulated nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: Nanos,
    pub end: Nanos,
}

impl Window {
    /// The whole trace, `0..end` (never empty).
    pub fn all(end: Nanos) -> Window {
        Window { start: 0, end: end.max(1) }
    }

    pub fn len(&self) -> Nanos {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn contains(&self, time: Nanos) -> bool {
        (self.start..=self.end).contains(&time)
    }

    /// Zooms by `factor` (above 1 zooms in) keeping `anchor` at the same place on screen, within `0..total`.
    pub fn zoom(self, factor: f64, anchor: Nanos, total: Nanos) -> Window {
        let total = total.max(1);
        let anchor = anchor.clamp(self.start, self.end);
        let old = self.len().max(1) as f64;
        let len = ((old / factor).round() as Nanos).clamp(MIN_WINDOW.min(total), total);
        let share = (anchor - self.start) as f64 / old;
        let start = (anchor as f64 - share * len as f64).round().max(0.0) as Nanos;
        Window { start, end: start + len }.clamped(total)
    }

    /// Moves the window by `delta` nanoseconds (negative: earlier), keeping its length, within `0..total`.
    pub fn pan(self, delta: i64, total: Nanos) -> Window {
        let start = (self.start as i64).saturating_add(delta).max(0) as Nanos;
        Window { start, end: start + self.len() }.clamped(total)
    }

    /// The window moved (not resized) so that it lies within `0..total`.
    pub fn clamped(self, total: Nanos) -> Window {
        let total = total.max(1);
        let len = self.len().clamp(1, total);
        let start = self.start.min(total - len);
        Window { start, end: start + len }
    }

    /// The window moved so that `time` is visible, a tenth of the way in when it had to move.
    pub fn follow(self, time: Nanos, total: Nanos) -> Window {
        if self.contains(time) {
            return self;
        }
        let start = time.saturating_sub(self.len() / 10);
        Window { start, end: start + self.len() }.clamped(total)
    }
}

/// Maps the times of a window onto `width` pixels starting at `left`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub window: Window,
    pub left: f64,
    pub width: f64,
}

impl Scale {
    pub fn new(window: Window, left: f64, width: f64) -> Scale {
        Scale { window, left, width: width.max(1.0) }
    }

    /// Simulated nanoseconds per pixel.
    pub fn nanos_per_pixel(&self) -> f64 {
        self.window.len().max(1) as f64 / self.width
    }

    /// The x of a time (outside the window gives an x outside the plot).
    pub fn x(&self, time: Nanos) -> f64 {
        self.left + (time as f64 - self.window.start as f64) / self.nanos_per_pixel()
    }

    /// The time at an x, clamped to the window.
    pub fn time(&self, x: f64) -> Nanos {
        let offset = ((x - self.left) * self.nanos_per_pixel()).round();
        (self.window.start as f64 + offset.max(0.0)).min(self.window.end as f64) as Nanos
    }
}

/// A round step (1, 2 or 5 times a power of ten nanoseconds) that gives about `count` ticks (at
/// most about `count + 2`) over `len`.
pub fn tick_step(len: Nanos, count: u64) -> Nanos {
    let rough = (len / count.max(1)).max(1);
    let mut magnitude: Nanos = 1;
    while magnitude.saturating_mul(10) <= rough {
        magnitude *= 10;
    }
    [1, 2, 5, 10]
        .into_iter()
        .map(|factor| magnitude.saturating_mul(factor))
        .find(|step| *step >= rough)
        .unwrap_or(rough)
}

/// The tick times within a window, about `count` of them and never fewer than two (a narrow
/// plot's few round ticks could otherwise miss a zoomed window): the multiples of [`tick_step`]
/// from its start to its end.
pub fn ticks(window: Window, count: u64) -> (Nanos, Vec<Nanos>) {
    let mut count = count;
    loop {
        let step = tick_step(window.len(), count);
        let times: Vec<Nanos> =
            (window.start.div_ceil(step)..=window.end / step).map(|n| n * step).collect();
        if times.len() >= 2 || step == 1 {
            return (step, times);
        }
        count += 1;
    }
}

/// A tick's label in milliseconds, with as many decimals as the step needs.
pub fn tick_label(time: Nanos, step: Nanos) -> String {
    let millis = time as f64 / MILLISECOND as f64;
    let decimals = match step {
        s if s >= MILLISECOND => 0,
        s if s >= 100 * MICROSECOND => 1,
        s if s >= 10 * MICROSECOND => 2,
        s if s >= MICROSECOND => 3,
        _ => 6,
    };
    fixed(millis, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_steps_are_round_and_few() {
        assert_eq!(tick_step(205 * MILLISECOND, 8), 50 * MILLISECOND);
        assert_eq!(tick_step(40 * MILLISECOND, 8), 5 * MILLISECOND);
        assert_eq!(tick_step(205 * MILLISECOND, 2), 200 * MILLISECOND);
        assert_eq!(tick_step(1, 8), 1);
        for count in [2, 8] {
            for end in [1, 999, 12_345, 7 * MILLISECOND, 3_000 * MILLISECOND, u64::MAX / 2] {
                let ticks = end / tick_step(end, count) + 1;
                assert!((2..=count + 3).contains(&ticks) || end < 8, "{end}: {ticks} ticks");
            }
        }
    }

    #[test]
    fn ticks_of_a_zoomed_window_are_inside_it_and_round() {
        let window = Window { start: 12_300 * MICROSECOND, end: 17_800 * MICROSECOND };
        let (step, times) = ticks(window, 8);
        assert_eq!(step, MILLISECOND);
        assert_eq!(times, (13..=17).map(|ms| ms * MILLISECOND).collect::<Vec<_>>());
        let (step, times) = ticks(Window::all(205 * MILLISECOND), 8);
        assert_eq!(step, 50 * MILLISECOND);
        assert_eq!(times.len(), 5);
        assert_eq!(tick_label(times[4], step), "200");
    }

    #[test]
    fn a_narrow_plot_still_has_two_ticks_in_any_window() {
        for start in [0, 7 * MICROSECOND, 12_345_678] {
            for len in [MIN_WINDOW, 999_999, 12 * MILLISECOND, 205 * MILLISECOND] {
                let (_, times) = ticks(Window { start, end: start + len }, 2);
                assert!(times.len() >= 2, "{start} + {len}: {times:?}");
            }
        }
    }

    #[test]
    fn tick_labels_are_milliseconds() {
        assert_eq!(tick_label(150 * MILLISECOND, 50 * MILLISECOND), "150");
        assert_eq!(tick_label(1_500 * MICROSECOND, 500 * MICROSECOND), "1.5");
        assert_eq!(tick_label(20 * MICROSECOND, 20 * MICROSECOND), "0.02");
    }

    #[test]
    fn time_and_pixels_map_both_ways() {
        let scale =
            Scale::new(Window { start: 10 * MILLISECOND, end: 20 * MILLISECOND }, 150.0, 800.0);
        assert_eq!(scale.x(10 * MILLISECOND), 150.0);
        assert_eq!(scale.x(15 * MILLISECOND), 550.0);
        assert_eq!(scale.x(20 * MILLISECOND), 950.0);
        assert_eq!(scale.nanos_per_pixel(), 12_500.0);
        assert_eq!(scale.time(550.0), 15 * MILLISECOND);
        assert_eq!(scale.time(0.0), 10 * MILLISECOND, "clamped to the window");
        assert_eq!(scale.time(5_000.0), 20 * MILLISECOND, "clamped to the window");
        for time in [10 * MILLISECOND, 12_345_678, 19_999_999] {
            assert!(scale.time(scale.x(time)).abs_diff(time) <= 1, "{time}");
        }
    }

    #[test]
    fn zoom_keeps_the_anchor_in_place_and_stays_in_the_trace() {
        let total = 200 * MILLISECOND;
        let all = Window::all(total);
        let zoomed = all.zoom(2.0, 50 * MILLISECOND, total);
        assert_eq!(zoomed, Window { start: 25 * MILLISECOND, end: 125 * MILLISECOND });
        assert_eq!(zoomed.zoom(0.5, 50 * MILLISECOND, total), all);
        assert_eq!(all.zoom(0.5, 0, total), all, "cannot zoom out past the whole trace");
        let tiny = all.zoom(1e12, 199 * MILLISECOND, total);
        assert_eq!(tiny.len(), MIN_WINDOW);
        assert!(tiny.end <= total);
    }

    #[test]
    fn pan_and_follow_keep_the_length() {
        let total = 100 * MILLISECOND;
        let window = Window { start: 10 * MILLISECOND, end: 30 * MILLISECOND };
        assert_eq!(
            window.pan(-(20 * MILLISECOND as i64), total),
            Window { start: 0, end: 20 * MILLISECOND }
        );
        assert_eq!(
            window.pan(500 * MILLISECOND as i64, total),
            Window { start: 80 * MILLISECOND, end: total }
        );
        assert_eq!(window.follow(20 * MILLISECOND, total), window);
        assert_eq!(
            window.follow(52 * MILLISECOND, total),
            Window { start: 50 * MILLISECOND, end: 70 * MILLISECOND }
        );
    }
}
