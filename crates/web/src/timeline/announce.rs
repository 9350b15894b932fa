//! What a screen reader hears as a timeline's lanes are explored: the readout line, a polite live
//! region that every focusable lane names as its description (`aria-describedby`). Moving within a
//! lane (left, right) keeps the focus, so the live region's change is what is heard; moving to
//! another lane (up, down) moves the focus, which reads the new lane's name and description.
//! Chosen over `aria-activedescendant`, which would need an element per span inside each lane:
//! the layer draws the spans as one path per paint, and redrawing it at every key would be slow.

use std::cell::Cell;

use yew::prelude::*;

thread_local! {
    static READOUTS_MADE: Cell<u32> = const { Cell::new(0) };
}

/// An id for a timeline's readout, unique on the page (a lesson or the compare view shows several
/// timelines), kept for the timeline's life.
#[hook]
pub fn use_readout_id() -> AttrValue {
    let id = use_memo((), |_| {
        let number = READOUTS_MADE.with(|made| made.replace(made.get() + 1));
        AttrValue::from(format!("timeline-readout-{number}"))
    });
    (*id).clone()
}

/// The readout line, which describes the focused lane.
pub fn readout_line(id: &AttrValue, readout: &AttrValue) -> Html {
    html! { <p class="timeline-readout" id={id.clone()} aria-live="polite">{ readout.clone() }</p> }
}
