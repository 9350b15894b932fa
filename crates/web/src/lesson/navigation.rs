//! Where a lesson route points, and where Previous and Next lead: pure, so it is tested natively.

use crate::catalog::LessonEntry;
use gil_link::address;

/// A step of a lesson, both counted from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub lesson: usize,
    pub step: usize,
}

/// Finds the step a route names (`step` as written in the URL, counted from 1; empty for the
/// first), or says what was not found, in a sentence for the home page's notice.
pub fn locate(lessons: &[LessonEntry], slug: &str, step: &str) -> Result<Place, String> {
    let Some(lesson) = lessons.iter().position(|lesson| lesson.slug == slug) else {
        return Err(format!("There is no lesson '{slug}'; here are the lessons."));
    };
    let count = lessons[lesson].steps;
    if step.is_empty() {
        return Ok(Place { lesson, step: 0 });
    }
    match step.parse::<usize>() {
        Ok(number) if (1..=count).contains(&number) => Ok(Place { lesson, step: number - 1 }),
        _ => Err(format!("The lesson '{}' has no step '{step}': its steps are 1 to {count}. Here are the lessons.", lessons[lesson].title)),
    }
}

/// Where Next leads: the following step, the next lesson's first step, or back to the lessons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Step(Place),
    Home,
}

pub fn next(lessons: &[LessonEntry], place: Place) -> Next {
    let steps = lessons.get(place.lesson).map_or(0, |lesson| lesson.steps);
    if place.step + 1 < steps {
        Next::Step(Place { step: place.step + 1, ..place })
    } else if place.lesson + 1 < lessons.len() {
        Next::Step(Place { lesson: place.lesson + 1, step: 0 })
    } else {
        Next::Home
    }
}

/// The step before, within the lesson; none on its first step.
pub fn previous(place: Place) -> Option<Place> {
    place.step.checked_sub(1).map(|step| Place { step, ..place })
}

/// `lesson/<slug>/<step>/` (`step` counted from 0 here), with the route's query (such as
/// `embed=1`) kept.
pub fn step_address(slug: &str, step: usize, query: &str) -> String {
    address::with_query(&address::lesson_step(slug, step + 1), query)
}

pub fn place_address(lessons: &[LessonEntry], place: Place, query: &str) -> String {
    lessons.get(place.lesson).map_or_else(
        || address::HOME.to_string(),
        |lesson| step_address(lesson.slug, place.step, query),
    )
}

/// Where the player's Previous and Next lead from a step, with the route's query kept (`links`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepLinks {
    /// None on a lesson's first step.
    pub previous: Option<String>,
    pub next: String,
    /// "Next", "Next lesson", or "Back to the lessons" after the last lesson.
    pub next_label: &'static str,
}

impl StepLinks {
    pub fn of(lessons: &[LessonEntry], place: Place, links: &str) -> StepLinks {
        let previous = previous(place).map(|before| place_address(lessons, before, links));
        let (next, next_label) = match next(lessons, place) {
            Next::Step(after) if after.lesson == place.lesson => {
                (place_address(lessons, after, links), "Next")
            }
            Next::Step(after) => (place_address(lessons, after, links), "Next lesson"),
            Next::Home => (address::HOME.to_string(), "Back to the lessons"),
        };
        StepLinks { previous, next, next_label }
    }
}

/// What a step's address says besides the step, in its query: the settings of the step's controls
/// (`switch_interval=1ms&count:io=2`, by the controls' names), embed mode (`embed=1`), and "this
/// step only" (`only=1`: an embedded step without Previous and Next).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepQuery {
    pub settings: Vec<(String, String)>,
    pub embed: bool,
    pub only: bool,
}

impl StepQuery {
    pub fn parse(query: &str) -> StepQuery {
        let mut read = StepQuery::default();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            match pair.split_once('=').unwrap_or((pair, "")) {
                ("embed", "1") => read.embed = true,
                ("only", "1") => read.only = true,
                (name, value) => read.settings.push((name.to_string(), value.to_string())),
            }
        }
        read
    }

    /// The query of the links between steps: embed mode, not this step's settings.
    pub fn for_links(&self) -> String {
        if self.embed {
            "embed=1".into()
        } else {
            String::new()
        }
    }

    pub fn to_query(&self) -> String {
        let mut pairs: Vec<String> =
            self.settings.iter().map(|(name, value)| format!("{name}={value}")).collect();
        if self.embed {
            pairs.push("embed=1".into());
        }
        if self.only {
            pairs.push("only=1".into());
        }
        pairs.join("&")
    }
}

/// The URL of a lesson's file (`lessons::json`) from the app's base, where the build writes it.
/// `assets/boot.js` asks for it, and for [`text_url`], before the app runs: the two must agree.
pub fn lesson_url(slug: &str) -> String {
    format!("lessons/{slug}/lesson.json")
}

/// The relative URL of the explanation of a step's prediction, `lessons/<slug>/<n>-why.html`,
/// from the app's base.
pub fn explanation_url(slug: &str, step: usize) -> String {
    format!("lessons/{slug}/{}-why.html", step + 1)
}

/// The URL of a step's text from the app's base.
pub fn text_url(slug: &str, step: usize) -> String {
    let mut url = String::from("lessons/");
    url.push_str(slug);
    url.push('/');
    url.push_str(&(step + 1).to_string());
    url.push_str(".html");
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::fixtures::lesson;

    fn two_lessons() -> Vec<LessonEntry> {
        vec![lesson("threads", "Threads", 3), lesson("convoy", "The convoy effect", 1)]
    }

    #[test]
    fn routes_find_their_step_or_say_what_is_missing() {
        let lessons = two_lessons();
        assert_eq!(locate(&lessons, "threads", ""), Ok(Place { lesson: 0, step: 0 }));
        assert_eq!(locate(&lessons, "threads", "3"), Ok(Place { lesson: 0, step: 2 }));
        assert_eq!(locate(&lessons, "convoy", "1"), Ok(Place { lesson: 1, step: 0 }));
        assert_eq!(
            locate(&lessons, "gil", "1"),
            Err("There is no lesson 'gil'; here are the lessons.".into())
        );
        let no_step =
            "The lesson 'Threads' has no step '4': its steps are 1 to 3. Here are the lessons.";
        assert_eq!(locate(&lessons, "threads", "4"), Err(no_step.into()));
        for bad in ["0", "-1", "two", "2/3"] {
            assert!(
                locate(&lessons, "threads", bad).unwrap_err().contains(&format!("no step '{bad}'")),
                "{bad}"
            );
        }
    }

    #[test]
    fn next_and_previous_walk_the_lessons_in_order() {
        let lessons = two_lessons();
        let at = |lesson, step| Place { lesson, step };
        assert_eq!(next(&lessons, at(0, 0)), Next::Step(at(0, 1)));
        assert_eq!(
            next(&lessons, at(0, 2)),
            Next::Step(at(1, 0)),
            "the last step leads to the next lesson"
        );
        assert_eq!(next(&lessons, at(1, 0)), Next::Home, "the last lesson's last step leads home");
        assert_eq!(previous(at(0, 2)), Some(at(0, 1)));
        assert_eq!(previous(at(1, 0)), None);
    }

    #[test]
    fn previous_and_next_are_links_that_keep_embed_mode() {
        let lessons = two_lessons();
        let first = StepLinks::of(&lessons, Place { lesson: 0, step: 0 }, "embed=1");
        assert_eq!(
            (first.previous, first.next.as_str(), first.next_label),
            (None, "lesson/threads/2/?embed=1", "Next")
        );
        let last_step = StepLinks::of(&lessons, Place { lesson: 0, step: 2 }, "");
        assert_eq!(last_step.previous.as_deref(), Some("lesson/threads/2/"));
        assert_eq!(
            (last_step.next.as_str(), last_step.next_label),
            ("lesson/convoy/1/", "Next lesson")
        );
        let end = StepLinks::of(&lessons, Place { lesson: 1, step: 0 }, "embed=1");
        assert_eq!((end.next.as_str(), end.next_label), ("./", "Back to the lessons"));
    }

    #[test]
    fn a_steps_query_holds_its_settings_embed_mode_and_this_step_only() {
        let read = StepQuery::parse("switch_interval=1ms&embed=1&count:io=2&only=1&&bare");
        assert_eq!(
            read.settings,
            [
                ("switch_interval".to_string(), "1ms".to_string()),
                ("count:io".into(), "2".into()),
                ("bare".into(), String::new())
            ]
        );
        assert!(read.embed && read.only);
        assert_eq!(
            read.for_links(),
            "embed=1",
            "settings and 'this step only' do not follow to other steps"
        );
        assert_eq!(read.to_query(), "switch_interval=1ms&count:io=2&bare=&embed=1&only=1");
        assert_eq!(StepQuery::parse("").to_query(), "");
        assert_eq!(StepQuery::parse("embed=0").settings, [("embed".to_string(), "0".to_string())]);
    }

    #[test]
    fn addresses_keep_the_query() {
        let lessons = two_lessons();
        assert_eq!(step_address("convoy", 0, ""), "lesson/convoy/1/");
        assert_eq!(
            place_address(&lessons, Place { lesson: 0, step: 1 }, "embed=1"),
            "lesson/threads/2/?embed=1"
        );
        assert_eq!(place_address(&lessons, Place { lesson: 5, step: 0 }, ""), "./");
        assert_eq!(lesson_url("convoy"), "lessons/convoy/lesson.json");
        assert_eq!(text_url("convoy", 0), "lessons/convoy/1.html");
        assert_eq!(explanation_url("convoy", 2), "lessons/convoy/3-why.html");
    }
}
