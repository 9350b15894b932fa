//! The narration under the timeline: the events up to the playhead, one sentence each, the latest
//! one highlighted and scrolled into view, and earlier ones a page at a time when asked for. It
//! re-renders only when the playhead passes an event.

use gloo_render::request_animation_frame;
use yew::prelude::*;

use crate::trace_ref::TraceRef;
use gil_sim::time::format_duration;

/// How many of the events before the playhead the list keeps: about what its box shows. The
/// timeline opens with the playhead at the end, so after every change the list is rebuilt with
/// this many sentences; at 100 that took a lesson-size control change from about 13 ms to over 20
/// ms on screen (docs/performance.md).
pub const NARRATION_WINDOW: usize = 12;

/// How many earlier events "Show earlier events" adds to the list at a time: a learner asks for
/// them, so only their page pays for them, never a control change.
pub const EARLIER_PAGE: usize = 200;

#[derive(Properties, Clone, PartialEq)]
pub struct NarrationProps {
    pub trace: TraceRef,
    /// How many events have happened by the playhead.
    pub done: usize,
}

#[function_component(Narration)]
pub fn narration(props: &NarrationProps) -> Html {
    let list = use_node_ref();
    {
        let list = list.clone();
        use_effect_with(props.done, move |done| {
            // Scroll the list itself, not the page, so the newest sentence is in view. In the next
            // frame: reading the list's height lays the page out, which done now, while the rest of
            // the page is still being updated (a new timeline), would be done twice. An empty list
            // has nothing to scroll.
            let frame = (*done > 0).then(|| {
                request_animation_frame(move |_| {
                    if let Some(list) = list.cast::<web_sys::Element>() {
                        list.set_scroll_top(list.scroll_height());
                    }
                })
            });
            move || drop(frame)
        });
    }
    // The pages the learner asked for belong to the run they were asked on: a new run shows the
    // last few again, in its first render (a change never renders another run's pages).
    let asked = use_state_eq(|| None::<(TraceRef, usize)>);
    let shown = match &*asked {
        Some((trace, shown)) if *trace == props.trace => *shown,
        _ => NARRATION_WINDOW,
    };
    let trace = &props.trace;
    let first = props.done.saturating_sub(shown);
    let show_earlier = {
        let (asked, trace) = (asked.clone(), props.trace.clone());
        Callback::from(move |_: MouseEvent| asked.set(Some((trace.clone(), shown + EARLIER_PAGE))))
    };
    html! {
        <div class="narration" aria-label="Narration: what has happened up to the playhead">
            if first > 0 {
                <p class="narration-more">
                    { format!("{first} earlier events are not listed. ") }
                    <button type="button" class="show-earlier" onclick={show_earlier}>
                        { format!("Show {} earlier", first.min(EARLIER_PAGE)) }
                    </button>
                </p>
            }
            // Focusable, so a keyboard can scroll the list.
            <ol class="narration-list" ref={list} tabindex="0" aria-label="Events up to the playhead" start={(first + 1).to_string()}>
                if props.done == 0 {
                    <li class="narration-empty">{ "Nothing has happened yet: press Play or Next event." }</li>
                }
                { for (first..props.done).map(|index| {
                    let event = &trace.events[index];
                    let current = index + 1 == props.done;
                    html! {
                        <li class={current.then_some("current")} aria-current={current.then_some("true")}>
                            <span class="event-time">{ format_duration(event.time) }</span>
                            <span class="event-text">{ trace.describe(event) }</span>
                        </li>
                    }
                }) }
            </ol>
        </div>
    }
}
