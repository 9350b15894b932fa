//! What the learner has done, as the browser keeps it: the steps seen and the answers given, in a
//! small line format (`seen <slug> <step>`, `answer <slug> <step> <choice>`, steps and choices
//! counted from 1) so the page needs no JSON parser. A line it cannot read is skipped: a corrupted
//! or future value loses only what it garbled.

use crate::catalog::LessonEntry;

/// What the learner has done: sorted vectors, since they hold a few hundred entries at most.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// (slug, step from 1), sorted, each once.
    seen: Vec<(String, usize)>,
    /// (slug, step from 1) and the choice picked, from 1; sorted by step, each step once.
    answers: Vec<((String, usize), usize)>,
}

/// A slug the line format can hold: one word (split on ASCII spaces, so no Unicode tables are needed).
fn writable(slug: &str) -> bool {
    !slug.is_empty() && !slug.bytes().any(|byte| byte.is_ascii_whitespace())
}

fn number(text: &str) -> Option<usize> {
    text.parse().ok().filter(|number| *number >= 1)
}

impl Progress {
    pub fn decode(text: &str) -> Progress {
        let mut progress = Progress::default();
        for line in text.lines() {
            let words: Vec<&str> = line
                .split(|c: char| c.is_ascii_whitespace())
                .filter(|word| !word.is_empty())
                .collect();
            match words[..] {
                ["seen", slug, step] => {
                    if let Some(step) = number(step) {
                        progress.mark_seen(slug, step);
                    }
                }
                ["answer", slug, step, choice] => {
                    if let (Some(step), Some(choice)) = (number(step), number(choice)) {
                        progress.record_answer(slug, step, choice - 1);
                    }
                }
                _ => {}
            }
        }
        progress
    }

    pub fn encode(&self) -> String {
        let mut text = String::new();
        let mut line = |words: &[&str]| {
            text.push_str(&words.join(" "));
            text.push('\n');
        };
        for (slug, step) in &self.seen {
            line(&["seen", slug, &step.to_string()]);
        }
        for ((slug, step), choice) in &self.answers {
            line(&["answer", slug, &step.to_string(), &choice.to_string()]);
        }
        text
    }

    /// Records that a step (counted from 1) was shown.
    pub fn mark_seen(&mut self, slug: &str, step: usize) {
        if writable(slug) && step >= 1 {
            let key = (slug.to_string(), step);
            if let Err(at) = self.seen.binary_search(&key) {
                self.seen.insert(at, key);
            }
        }
    }

    /// Records the choice (counted from 0, as in the lesson) picked at a step (counted from 1),
    /// unless one is recorded already: a learner who tries again is still judged on the first answer.
    pub fn record_answer(&mut self, slug: &str, step: usize, choice: usize) {
        if writable(slug) && step >= 1 {
            let key = (slug.to_string(), step);
            if let Err(at) = self.answers.binary_search_by(|(stored, _)| stored.cmp(&key)) {
                self.answers.insert(at, (key, choice + 1));
            }
        }
    }

    /// The choice (counted from 0) picked at a step (counted from 1), if any.
    pub fn answer(&self, slug: &str, step: usize) -> Option<usize> {
        self.answers
            .iter()
            .find(|((stored, at), _)| stored == slug && *at == step)
            .map(|(_, choice)| choice - 1)
    }

    /// Where to go on: the first step not yet seen, in the first lesson not finished (lesson and
    /// step counted from 0); `None` before the learner has seen anything, or once every step is seen.
    pub fn resume_at(&self, lessons: &[LessonEntry]) -> Option<(usize, usize)> {
        if self.seen.is_empty() {
            return None;
        }
        lessons.iter().enumerate().find_map(|(index, lesson)| {
            let unseen = (1..=lesson.steps)
                .find(|step| self.seen.binary_search(&(lesson.slug.to_string(), *step)).is_err())?;
            Some((index, unseen - 1))
        })
    }

    /// How many of the lesson's steps have been seen (a stored step the lesson no longer has does not count).
    pub fn seen_in(&self, lesson: &LessonEntry) -> usize {
        self.seen
            .iter()
            .filter(|(slug, step)| slug == lesson.slug && (1..=lesson.steps).contains(step))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(slug: &'static str, steps: usize) -> LessonEntry {
        crate::lesson::fixtures::lesson(slug, "A lesson", steps)
    }

    #[test]
    fn progress_survives_a_round_trip() {
        let mut progress = Progress::default();
        progress.mark_seen("convoy", 2);
        progress.mark_seen("convoy", 1);
        progress.mark_seen("convoy", 1);
        progress.record_answer("convoy", 2, 0);
        progress.record_answer("threads", 1, 2);
        let text = progress.encode();
        assert_eq!(text, "seen convoy 1\nseen convoy 2\nanswer convoy 2 1\nanswer threads 1 3\n");
        let read = Progress::decode(&text);
        assert_eq!(read, progress);
        assert_eq!(read.answer("convoy", 2), Some(0));
        assert_eq!(read.answer("threads", 1), Some(2));
        assert_eq!(read.answer("convoy", 1), None);
        assert_eq!(read.seen_in(&lesson("convoy", 3)), 2);
        assert_eq!(
            read.seen_in(&lesson("convoy", 1)),
            1,
            "a step the lesson no longer has does not count"
        );
        assert_eq!(read.seen_in(&lesson("threads", 2)), 0);
    }

    #[test]
    fn resuming_goes_to_the_first_unseen_step_of_the_first_unfinished_lesson() {
        let lessons = [lesson("threads", 2), lesson("convoy", 3)];
        let mut progress = Progress::default();
        assert_eq!(progress.resume_at(&lessons), None, "nothing seen: start at the beginning");
        progress.mark_seen("convoy", 1);
        assert_eq!(progress.resume_at(&lessons), Some((0, 0)), "lesson 1 is not finished");
        progress.mark_seen("threads", 1);
        progress.mark_seen("threads", 2);
        assert_eq!(progress.resume_at(&lessons), Some((1, 1)));
        progress.mark_seen("convoy", 2);
        progress.mark_seen("convoy", 3);
        assert_eq!(progress.resume_at(&lessons), None, "every step seen");
    }

    #[test]
    fn the_first_answer_stays_recorded() {
        let mut progress = Progress::default();
        progress.record_answer("convoy", 2, 1);
        progress.record_answer("convoy", 2, 0);
        assert_eq!(progress.answer("convoy", 2), Some(1));
    }

    #[test]
    fn garbled_lines_are_skipped_and_the_rest_is_kept() {
        let read = Progress::decode("{\"json\": true}\nseen convoy 0\nseen convoy x\nseen convoy 3 extra\nanswer convoy 1\nanswer convoy 1 0\nanswer a 2 2\n\u{0}\u{ffff}\nseen ok 4\n");
        let mut expected = Progress::default();
        expected.mark_seen("ok", 4);
        expected.record_answer("a", 2, 1);
        assert_eq!(read, expected);
        assert_eq!(Progress::decode(""), Progress::default());
    }

    #[test]
    fn slugs_the_format_cannot_hold_are_not_recorded() {
        let mut progress = Progress::default();
        progress.mark_seen("two words", 1);
        progress.mark_seen("", 1);
        progress.record_answer("new\nline", 1, 0);
        progress.mark_seen("fine", 0);
        assert_eq!(progress, Progress::default());
        assert_eq!(progress.encode(), "");
    }
}
