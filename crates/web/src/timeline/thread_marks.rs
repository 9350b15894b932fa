//! Each thread's mark: one or two characters that tell threads apart where colour does not (the
//! colours repeat after eight, and some are alike to some eyes), drawn in the lane's key and in
//! the spans of cores and GILs too narrow for the thread's name. Pure, tested natively.
//!
//! A mark comes from the name, so that it never contradicts it: "T1" is marked "T1" and
//! "worker-2" "w2". Only when two threads' names would give the same mark does every thread get
//! a letter instead, in lane order.

/// The mark of each lane that is a thread (`None` for the others), in lane order.
pub fn thread_marks(thread_names: &[Option<&str>]) -> Vec<Option<String>> {
    let from_names: Vec<Option<String>> =
        thread_names.iter().map(|name| name.map(mark_from_name)).collect();
    let marks: Vec<&String> = from_names.iter().flatten().collect();
    let distinct = marks.iter().enumerate().all(|(index, mark)| !marks[..index].contains(mark));
    if distinct {
        return from_names;
    }
    let mut threads = 0;
    thread_names
        .iter()
        .map(|name| {
            name.map(|_| {
                threads += 1;
                letters(threads)
            })
        })
        .collect()
}

/// A name of one or two characters as it is; a longer one's first character and the number it
/// ends in, if that makes two; else its first character.
fn mark_from_name(name: &str) -> String {
    let name = name.trim();
    if name.chars().count() <= 2 {
        return name.to_string();
    }
    let first = name.chars().next().unwrap_or('?');
    let digits: String = name.chars().rev().take_while(char::is_ascii_digit).collect();
    if digits.len() == 1 {
        format!("{first}{digits}")
    } else {
        first.to_string()
    }
}

/// The `number`th mark (from 1) of A to Z, then AA, AB…
fn letters(number: usize) -> String {
    let letter = |index: usize| char::from(b'A' + (index % 26) as u8);
    let index = number.saturating_sub(1);
    match index / 26 {
        0 => letter(index).to_string(),
        high => format!("{}{}", letter(high - 1), letter(index)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(names: &[Option<&str>]) -> Vec<Option<String>> {
        thread_marks(names)
    }

    #[test]
    fn a_mark_comes_from_the_name() {
        let names = [None, Some("main"), Some("T1"), Some("T2"), Some("worker-3"), Some("io")];
        let expected = [None, Some("m"), Some("T1"), Some("T2"), Some("w3"), Some("io")];
        assert_eq!(marks(&names), expected.map(|mark| mark.map(String::from)));
    }

    #[test]
    fn names_that_would_share_a_mark_give_every_thread_a_letter() {
        let names = [Some("hog"), None, Some("http"), Some("io")];
        assert_eq!(
            marks(&names),
            [Some("A"), None, Some("B"), Some("C")].map(|m| m.map(String::from))
        );
        let many: Vec<String> = (1..=16).map(|n| format!("T{n}")).collect();
        let many: Vec<Option<&str>> = many.iter().map(|name| Some(name.as_str())).collect();
        let lettered = marks(&many);
        assert_eq!(lettered[0].as_deref(), Some("A"), "T1 and T10 would both be T");
        assert!(lettered.iter().flatten().all(|mark| mark.chars().count() <= 2));
    }

    #[test]
    fn letters_go_on_past_z() {
        let marks: Vec<String> = [1, 2, 26, 27, 28, 53].into_iter().map(letters).collect();
        assert_eq!(marks, ["A", "B", "Z", "AA", "AB", "BA"]);
    }
}
