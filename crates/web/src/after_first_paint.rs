//! What a page draws in a task of its own once the rest of it has been painted. A page that built
//! its timeline, cards and panels in the same task as everything else would block a slow phone for
//! one long task (Lighthouse's Total Blocking Time); split, the page appears first and no task is
//! as long. Only what sits beside or below everything already drawn may wait, so that its arrival
//! moves nothing on screen (ARCHITECTURE.md, "Invariants").

use std::cell::RefCell;
use std::rc::Rc;

use gloo_render::request_animation_frame;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// Whether the component's first render has been painted: false for that render, true from a
/// task after the frame that showed it.
#[hook]
pub fn use_after_first_paint() -> bool {
    let painted = use_state(|| false);
    {
        let painted = painted.clone();
        use_effect_with((), move |_| {
            // A frame's callback runs just before that frame is painted; a timeout set in it, after.
            let timeout = Rc::new(RefCell::new(None));
            let frame = {
                let timeout = timeout.clone();
                request_animation_frame(move |_| {
                    *timeout.borrow_mut() = Some(Timeout::new(0, move || painted.set(true)))
                })
            };
            move || drop((frame, timeout))
        });
    }
    *painted
}

/// Where the part that waits for [`use_after_first_paint`] goes meanwhile: empty, and marked busy
/// (`aria-busy`) as everything still loading is.
pub fn waiting_for_paint() -> Html {
    html! { <div class="after-first-paint" aria-busy="true"></div> }
}
