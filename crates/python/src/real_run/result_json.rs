//! What the result line's reader asks of a parsed JSON value, so that each side brings its own
//! parser: the page the browser's `JSON.parse`, the command line serde_json.

/// A parsed JSON value, as the result line's reader reads it.
pub trait ResultJson: Sized {
    /// Whether the value is an object (not an array).
    fn has_fields(&self) -> bool;
    /// An object's field; `None` when it has no such field or the field is null.
    fn field(&self, name: &str) -> Option<Self>;
    fn text(&self) -> Option<String>;
    fn number(&self) -> Option<f64>;
    fn boolean(&self) -> Option<bool>;
    fn items(&self) -> Option<Vec<Self>>;
}

#[cfg(feature = "serde_json")]
impl ResultJson for serde_json::Value {
    fn has_fields(&self) -> bool {
        self.is_object()
    }

    fn field(&self, name: &str) -> Option<Self> {
        self.get(name).filter(|value| !value.is_null()).cloned()
    }

    fn text(&self) -> Option<String> {
        self.as_str().map(str::to_string)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }
}
