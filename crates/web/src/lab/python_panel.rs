//! The Python program matching the lab's scenario, with a Copy button.

use yew::prelude::*;

use crate::clipboard::copy_on_click;
use gil_python::python_program;
use gil_sim::ScenarioSpec;

#[derive(Properties, PartialEq, Clone)]
pub struct PythonPanelProps {
    pub spec: ScenarioSpec,
    /// The scenario's address in the lab, which the program names.
    pub link: AttrValue,
}

#[function_component(PythonPanel)]
pub fn python_panel(props: &PythonPanelProps) -> Html {
    let status = use_state(String::new);
    let code_ref = use_node_ref();
    let code = python_program(&props.spec, &props.link);
    let on_copy =
        copy_on_click(&status, &code, &code_ref, "Copied.", "Selected: press Ctrl+C to copy.");
    html! {
        <section class="python" aria-label="Python code">
            <div class="python-head">
                <h2>{ "The same thing in Python" }</h2>
                <button type="button" class="button" onclick={on_copy}>{ "Copy" }</button>
                <span class="share-status" role="status">{ (*status).clone() }</span>
            </div>
            <p class="python-note">{ "A runnable program that does what the simulator ran: busy loops for Python code, hashlib for C code that releases the GIL, sum() for C code that keeps it, time.sleep for I/O. It prints its wall time." }</p>
            // Focusable, so a keyboard can scroll a program wider than the screen.
            <pre class="python-code" tabindex="0" aria-label="The Python program"><code ref={code_ref}>{ code }</code></pre>
        </section>
    }
}
