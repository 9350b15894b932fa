//! A disclosure's state, for a button that folds what follows it where the view is narrow (CSS
//! container queries decide where; wide, what it folds is always shown and the button hidden).
//! It counts its changes, so that an effect moving focus runs when a person opens or closes it,
//! never when the view mounts.

use std::rc::Rc;

use yew::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Disclosure {
    pub open: bool,
    /// How many times it opened or closed.
    pub changes: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisclosureAction {
    Toggle,
    Close,
}

impl Disclosure {
    /// Its state as `aria-expanded` says it.
    pub fn expanded(&self) -> &'static str {
        if self.open {
            "true"
        } else {
            "false"
        }
    }

    /// The class of what it folds: `closed`, or `open` while open (a plain string: cheaper in
    /// the page than `classes!`).
    pub fn class(&self, closed: &'static str, open: &'static str) -> &'static str {
        if self.open {
            open
        } else {
            closed
        }
    }
}

impl Reducible for Disclosure {
    type Action = DisclosureAction;

    fn reduce(self: Rc<Self>, action: DisclosureAction) -> Rc<Self> {
        let open = match action {
            DisclosureAction::Toggle => !self.open,
            DisclosureAction::Close => false,
        };
        if open == self.open {
            return self;
        }
        Rc::new(Disclosure { open, changes: self.changes + 1 })
    }
}

/// A disclosure that starts closed, and the callback that toggles it on a click.
#[hook]
pub fn use_disclosure() -> (UseReducerHandle<Disclosure>, Callback<MouseEvent>) {
    let disclosure = use_reducer(Disclosure::default);
    let toggle = disclosure.dispatcher().to_callback().reform(|_| DisclosureAction::Toggle);
    (disclosure, toggle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_opens_and_closes_counting_each_change() {
        let closed = Rc::new(Disclosure::default());
        assert_eq!(closed.expanded(), "false");
        let open = closed.clone().reduce(DisclosureAction::Toggle);
        assert_eq!((open.open, open.changes, open.expanded()), (true, 1, "true"));
        let shut = open.reduce(DisclosureAction::Close);
        assert_eq!((shut.open, shut.changes), (false, 2));
        let still = shut.clone().reduce(DisclosureAction::Close);
        assert!(Rc::ptr_eq(&still, &shut), "closing what is closed changes nothing");
    }
}
