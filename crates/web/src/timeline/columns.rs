//! The timeline across: the lanes' names, the plot and a margin, laid out for the width of the
//! frame it is drawn in. The drawing is never scaled to fit (one SVG unit is one CSS pixel), so
//! its text keeps the page's size in a narrow column, an embedded frame or on a phone, and grows
//! with the browser's zoom. Pure: no Yew, tested natively.

use std::borrow::Cow;

use super::scale::{Scale, Window};

/// The width a desktop column gives the timeline: what it is drawn for before its frame is
/// measured, and in pictures drawn away from a page.
pub const DEFAULT_FRAME_WIDTH: f64 = 970.0;
/// The names' column and the room right of the plot (where the last tick's label overhangs it) in
/// a frame of at least [`NARROW_FRAME`], and below it.
const WIDE: (f64, f64) = (150.0, 20.0);
const NARROW: (f64, f64) = (96.0, 12.0);
const NARROW_FRAME: f64 = 560.0;
/// The narrowest plot that still shows a run's shape: it fits a 390 px phone's frame and a
/// course's embed of that width; a narrower frame scrolls sideways instead.
pub const MIN_PLOT_WIDTH: f64 = 190.0;
/// Roughly how wide one character of 13 px text is, to decide what fits.
pub const CHAR_WIDTH: f64 = 7.0;
/// The room a lane's name leaves at the label column's right edge, for a thread's key: its colour
/// with its mark (up to two letters) in it.
const NAME_END_GAP: f64 = 24.0;
/// Axis ticks: about one per this many pixels of plot.
const PIXELS_PER_TICK: f64 = 100.0;

/// How wide the names' column, the plot and the margin right of it are, in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Columns {
    pub label: f64,
    pub plot: f64,
    pub margin: f64,
}

impl Default for Columns {
    fn default() -> Columns {
        Columns::for_frame(DEFAULT_FRAME_WIDTH)
    }
}

impl Columns {
    /// The columns that fill a frame `width` pixels wide (wider, if the plot would be narrower
    /// than [`MIN_PLOT_WIDTH`]).
    pub fn for_frame(width: f64) -> Columns {
        let (label, margin) = if width < NARROW_FRAME { NARROW } else { WIDE };
        Columns { label, margin, plot: (width.floor() - label - margin).max(MIN_PLOT_WIDTH) }
    }

    /// The whole drawing's width.
    pub fn width(&self) -> f64 {
        self.label + self.plot + self.margin
    }

    pub fn plot_left(&self) -> f64 {
        self.label
    }

    pub fn plot_right(&self) -> f64 {
        self.label + self.plot
    }

    pub fn in_plot(&self, x: f64) -> bool {
        (self.plot_left()..=self.plot_right()).contains(&x)
    }

    /// Where the lanes' names end (they are right-aligned), left of the colour key.
    pub fn name_end(&self) -> f64 {
        self.label - NAME_END_GAP
    }

    /// `window` across the plot.
    pub fn scale(&self, window: Window) -> Scale {
        Scale::new(window, self.plot_left(), self.plot)
    }

    /// How many axis ticks the plot has room for.
    pub fn tick_count(&self) -> u64 {
        (self.plot / PIXELS_PER_TICK).clamp(2.0, 8.0) as u64
    }

    /// A lane's name as it fits its column: cut, with an ellipsis, when it is too long.
    pub fn fitted_name<'a>(&self, name: &'a str) -> Cow<'a, str> {
        let room = ((self.name_end() - 6.0) / CHAR_WIDTH).floor().max(1.0) as usize;
        if name.chars().count() <= room {
            return Cow::Borrowed(name);
        }
        let kept: String = name.chars().take(room - 1).collect();
        Cow::Owned(format!("{}…", kept.trim_end()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_fill_the_frame() {
        let desktop = Columns::default();
        assert_eq!((desktop.label, desktop.plot, desktop.width()), (150.0, 800.0, 970.0));
        let course_column = Columns::for_frame(780.4);
        assert_eq!(course_column.width(), 780.0);
        let phone = Columns::for_frame(350.0);
        assert_eq!((phone.label, phone.width()), (96.0, 350.0), "a narrower names' column");
        assert_eq!(Columns::for_frame(300.0).width(), 300.0, "a 390 px phone's embed");
        let tiny = Columns::for_frame(200.0);
        assert_eq!(tiny.plot, MIN_PLOT_WIDTH, "wider than the frame: it scrolls");
    }

    #[test]
    fn a_narrow_plot_has_fewer_ticks() {
        assert_eq!(Columns::default().tick_count(), 8);
        assert_eq!(Columns::for_frame(350.0).tick_count(), 2);
    }

    #[test]
    fn long_names_are_cut_to_fit() {
        let phone = Columns::for_frame(350.0);
        assert_eq!(phone.fitted_name("core 0"), "core 0");
        let cut = phone.fitted_name("subinterpreter 12");
        assert!(cut.ends_with('…') && cut.chars().count() as f64 * CHAR_WIDTH <= phone.name_end());
        assert_eq!(Columns::default().fitted_name("subinterpreter 12"), "subinterpreter 12");
    }
}
