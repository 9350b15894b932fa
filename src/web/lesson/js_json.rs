//! A value from the browser's own JSON parser (`JSON.parse`) as the lesson decoder reads it, so
//! the page needs no JSON parser of its own.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::lessons::decode::JsonValue;

impl JsonValue for JsValue {
    fn has_fields(&self) -> bool {
        self.is_object() && !Array::is_array(self)
    }

    fn field(&self, name: &str) -> Option<Self> {
        Reflect::get(self, &JsValue::from_str(name)).ok().filter(|value| !value.is_undefined() && !value.is_null())
    }

    fn fields(&self) -> Vec<(String, Self)> {
        let Some(object) = self.dyn_ref::<Object>() else { return Vec::new() };
        Object::keys(object).iter().filter_map(|key| Some((key.as_string()?, Reflect::get(object, &key).ok()?))).collect()
    }

    fn text(&self) -> Option<String> {
        self.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn items(&self) -> Option<Vec<Self>> {
        Array::is_array(self).then(|| Array::from(self).iter().collect())
    }
}
