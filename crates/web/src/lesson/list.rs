//! The home page's list of lessons, each with the learner's progress.

use yew::prelude::*;

use super::navigation::step_hash;
use super::storage;
use crate::catalog;

/// Every lesson, linked to its first step, with how many of its steps the learner has seen.
pub fn lesson_list() -> Html {
    let lessons = catalog::lessons();
    let progress = storage::load();
    html! {
        <section class="lesson-list" aria-labelledby="lessons-heading">
            <h2 id="lessons-heading">{ "Lessons" }</h2>
            <ol class="lessons">
                { for lessons.iter().map(|lesson| {
                    let (seen, count) = (progress.seen_in(lesson), lesson.steps);
                    let done = seen == count;
                    html! {
                        <li class={if done { "lesson-item done" } else { "lesson-item" }}>
                            <a class="lesson-link" data-testid="lesson-link" href={step_hash(lesson.slug, 0, "")}>{ lesson.title }</a>
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
