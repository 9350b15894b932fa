//! The timeline's controls above its lanes: play or pause, the next event and fit first, then
//! restart, speed, zoom, the downloads and the clock, the scrubbing range and the hint that says
//! what 1× means and which keys and gestures work. Where the timeline is narrow (a phone, a narrow
//! frame: a container query in styles/main.css), the first three stay at the chart, each big
//! enough for a finger, and the rest fold under "More".

use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::export;
use super::playback::{
    clock, scrub_step, speed_label, Playback, PlaybackAction, NORMAL_SPEED, SPEEDS,
};
use crate::disclosure::use_disclosure;
use crate::trace_ref::TraceRef;
use gil_sim::time::trimmed;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub player: UseReducerHandle<Playback>,
    /// The drawn timeline, for its download.
    pub svg: NodeRef,
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let player = &*props.player;
    let (more, toggle_more) = use_disclosure();
    let act = |action: PlaybackAction| {
        let dispatcher = props.player.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(action.clone()))
    };
    html! {
        <div class={more.class("timeline-controls", "timeline-controls more-open")}>
        <div class="timeline-toolbar" role="toolbar" aria-label="Playback and zoom">
            <button type="button" class="timeline-play" onclick={act(PlaybackAction::TogglePlay)} aria-pressed={player.playing.to_string()}
                title={if player.reduced_motion { "Play event by event, or pause (space; reduced motion)" } else { "Play or pause (space)" }}>
                { if player.playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            { tool_button("timeline-step", "Next event ›", "Step to the next event (n)", act(PlaybackAction::StepNext)) }
            { tool_button("timeline-zoom-fit", "Fit", "Show the whole trace (0)", act(PlaybackAction::ResetZoom)) }
            <button type="button" class="timeline-more-toggle" aria-expanded={more.expanded()} onclick={toggle_more}
                aria-label="More controls" title="Restart, speed, zoom, downloads and the playhead's time">{ "More" }</button>
            <span class="timeline-more-tools">
                { tool_button("timeline-restart", "↺ Restart", "Restart (Home)", act(PlaybackAction::Restart)) }
                { speed_select(&props.player) }
                <span class="timeline-zoom" role="group" aria-label="Zoom">
                    { tool_button("timeline-zoom-out", "−", "Zoom out (−, or ctrl + wheel)", act(PlaybackAction::Zoom(0.5, None))) }
                    { tool_button("timeline-zoom-in", "+", "Zoom in (+, or ctrl + wheel)", act(PlaybackAction::Zoom(2.0, None))) }
                </span>
                { download_buttons(&props.svg, &player.trace, "gil-lab-timeline") }
                <span class="timeline-clock">{ clock(player.time, player.end) }</span>
            </span>
        </div>
        <div class="timeline-more-rows">
            { scrubber(&props.player) }
            <p class="timeline-hint" id="timeline-rate">
                { speed_label(player) }
                { ". Drag to pan, pinch to zoom; with the timeline focused, space plays, n steps, +/− zoom, shift + wheel pans, arrow keys move between spans." }
            </p>
        </div>
        </div>
    }
}

/// A toolbar button: its visible label is its accessible name (so speech input can say what it
/// reads); its title, shown on hover, describes it.
fn tool_button(
    class: &'static str,
    label: &'static str,
    title: &'static str,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! { <button type="button" {class} {title} {onclick}>{ label }</button> }
}

fn speed_select(player: &UseReducerHandle<Playback>) -> Html {
    let on_speed = {
        let dispatcher = player.dispatcher();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            dispatcher
                .dispatch(PlaybackAction::SetSpeed(select.value().parse().unwrap_or(NORMAL_SPEED)));
        })
    };
    html! {
        <label class="timeline-speed">
            { "Speed " }
            <select onchange={on_speed} aria-describedby="timeline-rate">
                { for SPEEDS.iter().enumerate().map(|(index, speed)| html! {
                    <option value={index.to_string()} selected={index == player.speed}>{ format!("{}×", trimmed(*speed, 2)) }</option>
                }) }
            </select>
        </label>
    }
}

/// The range input that moves the playhead.
fn scrubber(player: &UseReducerHandle<Playback>) -> Html {
    let on_scrub = {
        let dispatcher = player.dispatcher();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            dispatcher.dispatch(PlaybackAction::Seek(input.value().parse::<u64>().unwrap_or(0)));
        })
    };
    html! {
        <input type="range" class="timeline-scrub" aria-label="Playhead time" min="0" max={player.end.to_string()}
            step={scrub_step(player.end).to_string()} value={player.time.to_string()}
            aria-valuetext={clock(player.time, player.end)} oninput={on_scrub} />
    }
}

/// The two download buttons: the drawn timeline as SVG, the trace as Perfetto JSON.
pub fn download_buttons(svg: &NodeRef, trace: &TraceRef, file_stem: &str) -> Html {
    let on_svg = {
        let (svg, name) = (svg.clone(), format!("{file_stem}.svg"));
        Callback::from(move |_: MouseEvent| {
            if let Some(file) = svg.cast::<Element>().and_then(|svg| export::svg_file(&svg)) {
                let _ = export::download(&name, "image/svg+xml", &file);
            }
        })
    };
    let on_json = {
        let (trace, name) = (trace.clone(), format!("{file_stem}-trace.json"));
        Callback::from(move |_: MouseEvent| {
            if let Some(json) = export::perfetto_json(&trace) {
                let _ = export::download(&name, "application/json", &json);
            }
        })
    };
    html! {
        <span class="timeline-downloads" role="group" aria-label="Downloads">
            <button type="button" class="timeline-download-svg" title="Download the timeline as it is drawn, as an SVG file" onclick={on_svg}>{ "⤓ SVG" }</button>
            <button type="button" class="timeline-download-trace" title="Download the trace as JSON for ui.perfetto.dev" onclick={on_json}>{ "⤓ Perfetto JSON" }</button>
        </span>
    }
}
