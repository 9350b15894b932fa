//! A value from the browser's own JSON parser (`JSON.parse`) as the lesson decoder reads it (and
//! gil-python, a pasted result line), so the page needs no JSON parser of its own.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use gil_lessons::lesson_file::read::JsonValue;
use gil_python::real_run::ResultJson;

/// What `JSON.parse` returned.
pub struct BrowserJson(pub JsValue);

impl BrowserJson {
    /// `text` parsed by `JSON.parse`, or why it is not JSON, in the browser's words.
    pub fn parse(text: &str) -> Result<BrowserJson, String> {
        js_sys::JSON::parse(text).map(BrowserJson).map_err(|error| {
            error
                .dyn_into::<js_sys::Error>()
                .map(|error| String::from(error.message()))
                .unwrap_or_default()
        })
    }
}

impl JsonValue for BrowserJson {
    fn has_fields(&self) -> bool {
        self.0.is_object() && !Array::is_array(&self.0)
    }

    fn field(&self, name: &str) -> Option<Self> {
        Reflect::get(&self.0, &JsValue::from_str(name))
            .ok()
            .filter(|value| !value.is_undefined() && !value.is_null())
            .map(BrowserJson)
    }

    fn fields(&self) -> Vec<(String, Self)> {
        let Some(object) = self.0.dyn_ref::<Object>() else { return Vec::new() };
        Object::keys(object)
            .iter()
            .filter_map(|key| {
                Some((key.as_string()?, BrowserJson(Reflect::get(object, &key).ok()?)))
            })
            .collect()
    }

    fn text(&self) -> Option<String> {
        self.0.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        Array::is_array(&self.0).then(|| Array::from(&self.0).iter().map(BrowserJson).collect())
    }
}

/// The result line's reader asks the same of a value as the lesson decoder.
impl ResultJson for BrowserJson {
    fn has_fields(&self) -> bool {
        JsonValue::has_fields(self)
    }

    fn field(&self, name: &str) -> Option<Self> {
        JsonValue::field(self, name)
    }

    fn text(&self) -> Option<String> {
        JsonValue::text(self)
    }

    fn number(&self) -> Option<f64> {
        JsonValue::number(self)
    }

    fn boolean(&self) -> Option<bool> {
        JsonValue::boolean(self)
    }

    fn items(&self) -> Option<Vec<Self>> {
        JsonValue::items(self)
    }
}
