//! The lessons as the home page, the lessons page and the player list them, with the learner's
//! progress (which the page reads from storage and passes in), and the way in: start at lesson 1,
//! or go on where the learner left off.

use yew::prelude::*;

use super::navigation::step_address;
use super::progress::Progress;
use crate::catalog;
use crate::route::PageAddress;

/// Every lesson, linked to its first step, with how many of its steps the learner has seen.
pub fn lesson_list(progress: &Progress, page: &PageAddress) -> Html {
    let lessons = catalog::lessons();
    html! {
        <section class="lesson-list" aria-labelledby="lessons-heading">
            <h2 id="lessons-heading">{ "Lessons" }</h2>
            <ol class="lessons">
                { for lessons.iter().map(|lesson| {
                    let (seen, count) = (progress.seen_in(lesson), lesson.steps);
                    let done = seen == count;
                    html! {
                        <li class={if done { "lesson-item done" } else { "lesson-item" }}>
                            <a class="lesson-link" data-testid="lesson-link" href={page.href(&step_address(lesson.slug, 0, ""))}>{ lesson.title }</a>
                            if done {
                                <span class="lesson-done">{ " ✓ done" }</span>
                            }
                            <p class="lesson-summary">{ lesson.summary }</p>
                            <p class="lesson-progress">{ seen }{ " of " }{ count }{ if count == 1 { " step seen" } else { " steps seen" } }</p>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}

/// The button that leads into the lessons: lesson 1, or the first unseen step of the first
/// lesson the learner has not finished.
pub fn start_link(progress: &Progress, page: &PageAddress) -> Html {
    let lessons = catalog::lessons();
    let Some(first) = lessons.first() else { return Html::default() };
    let (href, text) = match progress.resume_at(lessons) {
        Some((lesson, step)) => (
            step_address(lessons[lesson].slug, step, ""),
            format!(
                "Continue: lesson {}, step {} — {}",
                lesson + 1,
                step + 1,
                lessons[lesson].title
            ),
        ),
        None => (step_address(first.slug, 0, ""), format!("Start lesson 1: {}", first.title)),
    };
    html! { <a class="button button-primary" data-testid="start-lessons" href={page.href(&href)}>{ text }</a> }
}

/// Every lesson as a compact list for the player, the current one (`current`, counted from 0) marked.
pub fn lesson_index(current: usize, page: &PageAddress) -> Html {
    html! {
        <nav class="lesson-index" aria-label="Lessons">
            <details>
                <summary>{ "All lessons" }</summary>
                <ol>
                    { for catalog::lessons().iter().enumerate().map(|(index, lesson)| html! {
                        <li>
                            <a href={page.href(&step_address(lesson.slug, 0, ""))} aria-current={(index == current).then_some("page")}>{ lesson.title }</a>
                        </li>
                    }) }
                </ol>
            </details>
        </nav>
    }
}
