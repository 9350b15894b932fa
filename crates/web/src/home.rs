//! The home page: what GIL Lab is, the way into the lessons, the lessons, and the ways into the
//! lab and the compare view; and the page of every lesson (`lessons/`).

use yew::prelude::*;

use super::lesson::list::{lesson_list, start_link};
use super::lesson::storage::use_stored_progress;
use super::route::{compare_address, lab_address, use_page_address};
use gil_link::address::FIDELITY;
use gil_link::quick_form::{compare_defaults, LabParams};
use gil_sim::time::MILLISECOND;

#[derive(Properties, PartialEq, Clone, Default)]
pub struct HomeProps {
    /// Why the home page is shown instead of what the address named, in a sentence.
    #[prop_or_default]
    pub notice: Option<AttrValue>,
}

#[function_component(Home)]
pub fn home(props: &HomeProps) -> Html {
    let progress = use_stored_progress();
    let page = use_page_address();
    let lab = |params: &LabParams| page.href(&lab_address(params));
    let four_threads = LabParams { threads: 4, cores: 4, ..LabParams::default() };
    let free_threaded = LabParams { python: "3.14t".into(), ..four_threads.clone() };
    let half_io =
        LabParams { threads: 2, cpu_percent: 50, work: 100 * MILLISECOND, ..LabParams::default() };
    html! {
        <main class="home">
            if let Some(notice) = &props.notice {
                <p class="notice" role="status">{ notice }</p>
            }
            <h1>{ "GIL Lab" }</h1>
            <p class="lede">{ "A deterministic simulator of CPython's global interpreter lock: see who holds the GIL, who waits for it, and what it costs." }</p>
            <p>{ "Threads in CPython share one GIL, so only one of them runs Python code at a time; processes, subinterpreters and the free-threaded builds each change that in their own way. The lab runs any mix of threads, processes, asyncio tasks and subinterpreters on a machine you choose, and shows the timeline, the metrics and the Python program that does the same." }</p>
            <p class="home-links">
                { start_link(&progress, &page) }
                <a class="button" href={lab(&LabParams::default())}>{ "Open the lab" }</a>
                <a class="button" href={page.href(&compare_address(&compare_defaults()))}>{ "Compare threads, processes, asyncio and free-threading" }</a>
            </p>
            <p>{ "How close is it to real CPython? " }<a href={page.href(FIDELITY)}>{ "The simulator against CPython 2.7 to 3.13, case by case" }</a>{ ", with what it leaves out." }</p>
            { lesson_list(&progress, &page) }
            <h2>{ "Try" }</h2>
            <ul class="home-try">
                <li><a href={lab(&four_threads)}>{ "Four CPU-bound threads on four cores" }</a>{ ": no faster than one after another." }</li>
                <li><a href={lab(&free_threaded)}>{ "The same on free-threaded 3.14t" }</a>{ ": in parallel." }</li>
                <li><a href={lab(&half_io)}>{ "Threads half CPU, half I/O" }</a>{ ": how long each I/O waits for the GIL." }</li>
            </ul>
        </main>
    }
}

/// Every lesson, with the learner's progress (`lessons/`).
#[function_component(LessonsPage)]
pub fn lessons_page() -> Html {
    let progress = use_stored_progress();
    let page = use_page_address();
    html! {
        <main class="home">
            <h1>{ "Lessons" }</h1>
            <p class="lede">{ "Each lesson runs the simulator on a question; answer it, then change the settings and watch the timeline." }</p>
            <p class="home-links">{ start_link(&progress, &page) }</p>
            { lesson_list(&progress, &page) }
        </main>
    }
}
