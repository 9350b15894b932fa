//! The app: a header, and the page the location hash names (see [`route`](super::route)), read
//! again at every `hashchange`.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::compare::ComparePage;
use super::embed::{embed_frame, embedded, use_height_posted, without_embed};
use super::lab::LabPage;
use super::lesson::lesson_page;
use super::lesson::list::lesson_list;
use super::route::{self, current_hash, Route};
use super::timeline::spans::pattern_source;

/// The site's header, and the home page's fixed parts, as HTML, our own and constant: one string
/// costs the page less code than its elements built one by one. Their links, to the lab and the
/// compare view at their defaults, four CPU-bound threads on four cores on 3.12 and on
/// free-threaded 3.14t, and two threads half CPU, half I/O, are checked by a test against
/// `lab_hash` and `compare_hash`.
const HEADER: &str = "<header class=\"site-header\"><nav class=\"site-nav\" aria-label=\"Site\">\
<a class=\"site-name\" href=\"#/\">GIL Lab</a>\
<a href=\"#/lab?c=2&amp;py=3.12&amp;si=5ms&amp;t=2&amp;p=0&amp;a=0&amp;i=0&amp;cpu=100&amp;work=100ms&amp;io=1ms&amp;native=0&amp;sm=fork&amp;seed=1\">Lab</a>\
<a href=\"#/compare?c=4&amp;py=3.12&amp;si=5ms&amp;n=4&amp;cpu=100&amp;work=100ms&amp;io=1ms&amp;native=0&amp;sm=fork&amp;seed=1\">Compare</a>\
</nav></header>";
const HOME_INTRO: &str = "<h1>GIL Lab</h1>\
<p class=\"lede\">A deterministic simulator of CPython's global interpreter lock: see who holds the GIL, who waits for it, and what it costs.</p>\
<p>Threads in CPython share one GIL, so only one of them runs Python code at a time; processes, subinterpreters and the free-threaded builds each change that in their own way. The lab runs any mix of threads, processes, asyncio tasks and subinterpreters on a machine you choose, and shows the timeline, the metrics and the Python program that does the same.</p>\
<p class=\"home-links\">\
<a class=\"button button-primary\" href=\"#/lab?c=2&amp;py=3.12&amp;si=5ms&amp;t=2&amp;p=0&amp;a=0&amp;i=0&amp;cpu=100&amp;work=100ms&amp;io=1ms&amp;native=0&amp;sm=fork&amp;seed=1\">Open the lab</a>\
<a class=\"button\" href=\"#/compare?c=4&amp;py=3.12&amp;si=5ms&amp;n=4&amp;cpu=100&amp;work=100ms&amp;io=1ms&amp;native=0&amp;sm=fork&amp;seed=1\">Compare threads, processes, asyncio and free-threading</a>\
</p>";
const HOME_TRY: &str = "<h2>Try</h2>\
<ul class=\"home-try\">\
<li><a href=\"#/lab?c=4&amp;py=3.12&amp;si=5ms&amp;t=4&amp;p=0&amp;a=0&amp;i=0&amp;cpu=100&amp;work=100ms&amp;io=1ms&amp;native=0&amp;sm=fork&amp;seed=1\">Four CPU-bound threads on four cores</a>: no faster than one after another.</li>\
<li><a href=\"#/lab?c=4&amp;py=3.14t&amp;si=5ms&amp;t=4&amp;p=0&amp;a=0&amp;i=0&amp;cpu=100&amp;work=100ms&amp;io=1ms&amp;native=0&amp;sm=fork&amp;seed=1\">The same on free-threaded 3.14t</a>: in parallel.</li>\
<li><a href=\"#/lab?c=2&amp;py=3.12&amp;si=5ms&amp;t=2&amp;p=0&amp;a=0&amp;i=0&amp;cpu=50&amp;work=100ms&amp;io=1ms&amp;native=0&amp;sm=fork&amp;seed=1\">Threads half CPU, half I/O</a>: how long each I/O waits for the GIL.</li>\
</ul>";

#[function_component(App)]
pub fn app() -> Html {
    // The route, and how many `hashchange`s led to it: following a link to the lab settings it
    // was opened with (but has since changed) must load them again, though the route is the same.
    let route = use_state(|| (route::parse(&current_hash()), 0_u32));
    {
        let setter = route.setter();
        use_effect_with((), move |_| {
            let changes = std::rc::Rc::new(std::cell::Cell::new(0_u32));
            // The event's new URL, not the location: a page may have replaced the hash since.
            let listener = Closure::<dyn Fn(web_sys::HashChangeEvent)>::new(move |event: web_sys::HashChangeEvent| {
                let url = event.new_url();
                let hash = url.find('#').map(|at| &url[at..]).unwrap_or_default();
                changes.set(changes.get().wrapping_add(1));
                setter.set((route::parse(hash), changes.get()));
            });
            let window = web_sys::window();
            if let Some(window) = &window {
                let _ = window.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(window) = &window {
                    let _ = window.remove_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
                }
                drop(listener);
            }
        });
    }

    let (current, changes) = &*route;
    let hash = current_hash();
    let embed = embedded(&hash);
    let embed_content = use_node_ref();
    use_height_posted(embed_content.clone(), embed);
    let page = match current {
        Route::Home => home(None, None),
        Route::NotFound { hash } => home(Some(hash), None),
        Route::Lab { query } => html! { <LabPage query={AttrValue::from(query.clone())} changes={*changes} {embed} /> },
        Route::Compare { query } => html! { <ComparePage query={AttrValue::from(query.clone())} changes={*changes} {embed} /> },
        Route::Lesson { slug, step, query } => lesson_page(slug, step, query),
    };
    // The timelines' fill patterns, once beside whichever view.
    let page = html! { <>{ page }{ pattern_source() }</> };
    if embed {
        return embed_frame(embed_content, &without_embed(&hash), page);
    }
    html! {
        <>
            { Html::from_html_unchecked(AttrValue::Static(HEADER)) }
            { page }
        </>
    }
}

/// The home page: what GIL Lab is, the lessons, and the way into the lab; `notice` is the hash
/// that named no page, `missing` what a lesson route named that does not exist, in a sentence,
/// when that is why home is shown. A function rather than a component: it keeps no state.
pub fn home(notice: Option<&str>, missing: Option<&str>) -> Html {
    html! {
        <main class="home">
            if let Some(hash) = notice {
                <p class="notice" role="status">{ format!("There is no page at {hash}; here is the home page.") }</p>
            }
            if let Some(missing) = missing {
                <p class="notice" role="status">{ missing }</p>
            }
            { Html::from_html_unchecked(AttrValue::Static(HOME_INTRO)) }
            { lesson_list() }
            { Html::from_html_unchecked(AttrValue::Static(HOME_TRY)) }
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::query::{compare_defaults, LabParams};
    use crate::route::{compare_hash, lab_hash};
    use gil_sim::time::MILLISECOND;

    #[test]
    fn the_written_out_links_are_the_pages_hashes() {
        let href = |hash: &str| format!("href=\"{}\"", hash.replace('&', "&amp;"));
        let cpu_bound = LabParams { threads: 4, cores: 4, ..LabParams::default() };
        for fixed in [HEADER, HOME_INTRO] {
            assert!(fixed.contains(&href(&lab_hash(&LabParams::default()))));
            assert!(fixed.contains(&href(&compare_hash(&compare_defaults()))));
        }
        assert!(HOME_TRY.contains(&href(&lab_hash(&cpu_bound))));
        assert!(HOME_TRY.contains(&href(&lab_hash(&LabParams { python: "3.14t".into(), ..cpu_bound }))));
        let convoy = LabParams { threads: 2, cpu_percent: 50, work: 100 * MILLISECOND, ..LabParams::default() };
        assert!(HOME_TRY.contains(&href(&lab_hash(&convoy))));
        assert_eq!(HOME_INTRO.matches("href=").count() + HOME_TRY.matches("href=").count(), 5);
        assert!(HEADER.contains("href=\"#/\""));
        assert_eq!(HEADER.matches("href=").count(), 3);
    }
}
