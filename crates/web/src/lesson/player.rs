//! The lesson player (`lesson/<slug>/<step>/`): the lesson's title, "step k of n" with a progress
//! bar and Previous/Next (all from the lessons' index, at once), then, once the lesson's file and
//! the step's text are loaded, the step itself, the further reading and the lesson index. ←/→ and
//! PageUp/PageDown (presentation clickers) move between steps while focus is inside the player, so
//! an embedded player never takes keys from its host page.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::details::{use_lesson_details, LessonLoad};
use super::fetch::{load_failed, loading, use_fetched, Fetched};
use super::list::lesson_index;
use super::navigation::{text_url, Place, StepLinks, StepQuery};
use super::step::StepView;
use super::storage;
use crate::catalog;
use crate::document_title::use_document_title;
use crate::route::{use_page_address, PageAddress};
use gil_lessons::model::LessonDetails;
use gil_link::titles::step_title;

#[derive(Properties, PartialEq, Clone)]
pub struct LessonPlayerProps {
    pub place: Place,
    /// The route's query: the step's settings, `embed=1` (kept on the links between steps) and
    /// `only=1` (see [`StepQuery`]).
    #[prop_or_default]
    pub query: AttrValue,
    /// Whether the page is in embed mode, where the player shows the lesson alone.
    #[prop_or_default]
    pub embed: bool,
}

/// Whether a key press belongs to what has focus rather than to the player: form fields use the
/// arrow keys themselves, and a handler inside (the timeline) may have used the key already.
fn key_taken(event: &KeyboardEvent) -> bool {
    if event.default_prevented()
        || event.ctrl_key()
        || event.meta_key()
        || event.alt_key()
        || event.shift_key()
    {
        return true;
    }
    let target = event.target().and_then(|target| target.dyn_into::<Element>().ok());
    target.is_some_and(|element| {
        matches!(element.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "SUMMARY")
    })
}

/// Marks each step the player shows as seen, and keeps focus in the player when a key moved it to
/// another step (`moved_by_key`): the step's content is replaced, so focus would fall back to the
/// page and the next key press would no longer reach the player.
#[hook]
fn use_step_seen_and_focus_kept(
    place: Place,
    player_ref: NodeRef,
    moved_by_key: Rc<RefCell<bool>>,
) {
    use_effect_with(place, move |place| {
        if let Some(lesson) = catalog::lessons().get(place.lesson) {
            storage::update(|progress| progress.mark_seen(lesson.slug, place.step + 1));
        }
        if std::mem::take(&mut *moved_by_key.borrow_mut()) {
            if let Some(player) = player_ref.cast::<HtmlElement>() {
                let inside = web_sys::window()
                    .and_then(|window| window.document())
                    .and_then(|document| document.active_element())
                    .is_some_and(|active| player.contains(Some(&active)));
                if !inside {
                    let _ = player.focus();
                }
            }
        }
    });
}

/// ←/→ and PageUp/PageDown to Previous and Next, unless the step is alone (`step_only`) or what
/// has focus takes the key.
fn key_navigation(step_only: bool, moved_by_key: Rc<RefCell<bool>>) -> Callback<KeyboardEvent> {
    Callback::from(move |event: KeyboardEvent| {
        if step_only || key_taken(&event) {
            return;
        }
        let link = match event.key().as_str() {
            "ArrowRight" | "PageDown" => "a[rel='next']",
            "ArrowLeft" | "PageUp" => "a[rel='prev']",
            _ => return,
        };
        event.prevent_default();
        // The key follows the link as a click would (`navigate` takes it from there).
        let player = event.current_target().and_then(|player| player.dyn_into::<Element>().ok());
        let link = player.and_then(|player| player.query_selector(link).ok().flatten());
        if let Some(link) = link.and_then(|link| link.dyn_into::<HtmlElement>().ok()) {
            *moved_by_key.borrow_mut() = true;
            link.click();
        }
    })
}

/// "Step k of n" with its progress bar, between Previous and Next.
fn step_nav(
    links: &StepLinks,
    number: usize,
    count: usize,
    hidden: bool,
    page: &PageAddress,
) -> Html {
    html! {
        <nav class="step-nav" aria-label="Steps of this lesson" {hidden}>
            if let Some(previous) = &links.previous {
                <a class="button" href={page.href(previous)} data-testid="step-prev" rel="prev">{ "← Previous" }</a>
            } else {
                <button type="button" class="button" data-testid="step-prev" disabled=true>{ "← Previous" }</button>
            }
            <span class="step-counter" data-testid="step-counter" id="step-counter">{ "Step " }{ number }{ " of " }{ count }</span>
            <progress class="step-progress" max={count.to_string()} value={number.to_string()} aria-labelledby="step-counter"></progress>
            <a class="button button-primary" href={page.href(&links.next)} data-testid="step-next" rel="next">{ links.next_label }{ " →" }</a>
        </nav>
    }
}

#[function_component(LessonPlayer)]
pub fn lesson_player(props: &LessonPlayerProps) -> Html {
    let lessons = catalog::lessons();
    let place = props.place;
    let lesson = lessons.get(place.lesson);
    let (details, retry) = use_lesson_details(lesson);
    // The step's text is fetched here, beside the lesson's file rather than after it: a first visit
    // waits for one round trip, not two.
    let text = use_fetched(lesson.map(|lesson| AttrValue::from(text_url(lesson.slug, place.step))));
    let player_ref = use_node_ref();
    let moved_by_key = use_mut_ref(|| false);
    let page = use_page_address();
    use_step_seen_and_focus_kept(place, player_ref.clone(), moved_by_key.clone());

    let loaded_step = match &details {
        LessonLoad::Ready(details) => details.steps.get(place.step).map(|step| step.title.as_str()),
        _ => None,
    };
    use_document_title(lesson.map(|lesson| step_title(lesson.title, place.step + 1, loaded_step)));

    let Some(lesson) = lesson else { return Html::default() };
    let number = place.step + 1;
    let query = StepQuery::parse(&props.query);
    // An embedded step alone: no way to the other steps.
    let step_only = props.embed && query.only;
    let links = StepLinks::of(lessons, place, &query.for_links());
    // The step appears whole, its text with its timeline, and only then the lesson index below it:
    // content that arrived in parts would push what is already on screen down the page.
    let waiting = match &details {
        LessonLoad::Ready(_) => text.0 == Fetched::Loading,
        LessonLoad::Failed(_) => false,
        LessonLoad::Loading => true,
    };
    let body = match details {
        LessonLoad::Ready(details) if !waiting => {
            let shown = Shown {
                slug: lesson.slug,
                lesson_title: lesson.title,
                number,
                last: number == lesson.steps,
            };
            lesson_body(&details, shown, &query, text)
        }
        LessonLoad::Failed(problem) => load_failed("This lesson", &problem, retry),
        LessonLoad::Ready(_) => loading("the step"),
        LessonLoad::Loading => loading("the lesson"),
    };

    html! {
        <main class="player" ref={player_ref} tabindex="-1" onkeydown={key_navigation(step_only, moved_by_key)} aria-labelledby="lesson-title">
            <h1 id="lesson-title">{ lesson.title }</h1>
            { step_nav(&links, number, lesson.steps, step_only, &page) }
            { body }
            if !props.embed && !waiting {
                { lesson_index(place.lesson, &page) }
            }
        </main>
    }
}

/// The step the player shows: its lesson (slug and title), its number (from 1), and whether it is
/// the lesson's last.
struct Shown {
    slug: &'static str,
    lesson_title: &'static str,
    number: usize,
    last: bool,
}

/// The step with its text, and the further reading, open on the lesson's last step.
fn lesson_body(
    details: &Rc<LessonDetails>,
    shown: Shown,
    query: &StepQuery,
    (text, retry_text): (Fetched, Callback<MouseEvent>),
) -> Html {
    let Shown { slug, lesson_title, number, last } = shown;
    if details.steps.len() < number {
        return Html::default();
    }
    // A new step, or another address for it (a link followed), starts from what it says.
    let step_key = format!("{slug}/{number}?{}", query.to_query());
    html! {
        <>
            <StepView key={step_key} slug={AttrValue::from(slug)} lesson_title={AttrValue::from(lesson_title)} number={number}
                details={details.clone()} query={query.clone()} {text} {retry_text} />
            if !details.reading.is_empty() {
                <details class="reading" open={last}>
                    <summary>{ "Further reading" }</summary>
                    <ul>
                        { for details.reading.iter().map(|reading| html! {
                            <li><a href={reading.url.clone()} rel="noopener noreferrer" target="_blank">{ &reading.title }</a></li>
                        }) }
                    </ul>
                </details>
            }
        </>
    }
}
