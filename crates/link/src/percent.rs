//! Percent-encoding of query values, kept readable: letters, digits and the punctuation a URL
//! fragment allows stay as they are, a space becomes `+`, and everything else (the query's own
//! `&`, `=` and `+`, `#`, `%`, braces, newlines, non-ASCII) becomes `%XX` per UTF-8 byte.

/// Characters that stay as they are in any value.
const KEPT: &str = "-._~!$'()*;:@/?,=";

/// Encodes `text` as a query value; `also` lists characters of `KEPT` to encode too (the
/// separators of a field inside the value).
pub fn encode(text: &str, also: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        if character == ' ' {
            out.push('+');
        } else if character.is_ascii_alphanumeric()
            || (KEPT.contains(character) && !also.contains(character))
        {
            out.push(character);
        } else {
            let mut bytes = [0; 4];
            for byte in character.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` (a space), as browsers write query strings; a bad escape stays as
/// it is, and bytes that are not UTF-8 become U+FFFD.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|byte| (*byte as char).to_digit(16));
        match bytes[index] {
            b'%' => match (hex(index + 1), hex(index + 2)) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    index += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_stay_readable_and_come_back() {
        assert_eq!(
            encode("repeat 100 { io 1ms; cpu 20us }", ""),
            "repeat+100+%7B+io+1ms;+cpu+20us+%7D"
        );
        assert_eq!(encode("io 20ms~30%", ""), "io+20ms~30%25");
        assert_eq!(encode("a,b:c=d&e+f#g", ",:="), "a%2Cb%3Ac%3Dd%26e%2Bf%23g");
        assert_eq!(encode("zähler\n", ""), "z%C3%A4hler%0A");
        for text in ["repeat 100 { io 1ms; cpu 20us }", "a,b:c=d&e+f#g %41", "zähler 🐍\n\ttab"]
        {
            assert_eq!(decode(&encode(text, ",:=")), text);
        }
    }

    #[test]
    fn bad_escapes_stay_as_written() {
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%ZZ%4"), "%ZZ%4");
        assert_eq!(decode("%F0%9F"), "\u{FFFD}");
    }
}
