//! The deploy as a person sees it in a terminal: a progress bar with the bytes sent, the speed
//! and the time left (`indicatif`), a hidden prompt for a password (`rpassword`), a question
//! before trusting a server never met. Without a terminal (a script, a log) there is no bar
//! and no question: a password comes from `CNR_DEPLOY_PASSWORD`, and an unknown server is
//! refused.

use std::io::{BufRead, IsTerminal, Write as _};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use super::{Event, Ui};
use crate::messages::{self, Tongue};

pub struct Terminal {
    tongue: Tongue,
    bar: ProgressBar,
    /// Whether a person can answer questions.
    asks: bool,
}

impl Terminal {
    pub fn new(tongue: Tongue) -> Terminal {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        bar.set_style(style(tongue));
        Terminal { tongue, bar, asks: std::io::stdin().is_terminal() && std::io::stderr().is_terminal() }
    }

    /// Prints a line above the bar.
    fn say(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Removes the bar at the end.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// `Envoi [#####·····] 1,2 Mo / 3,4 Mo · 56 Ko/s · reste 40 s · activites/x/index.html`
fn style(tongue: Tongue) -> ProgressStyle {
    let (label, left) = messages::deploy_progress(tongue);
    let template = format!("{label} [{{bar:24}}] {{done}} / {{total}} · {{speed}} · {left} {{left}} · {{msg}}");
    ProgressStyle::with_template(&template)
        .expect("the template is valid")
        .progress_chars("#·")
        .with_key("done", move |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = w.write_str(&messages::size(state.pos(), tongue));
        })
        .with_key("total", move |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = w.write_str(&messages::size(state.len().unwrap_or(0), tongue));
        })
        .with_key("speed", move |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{}/s", messages::size(state.per_sec() as u64, tongue));
        })
        .with_key("left", |state: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = w.write_str(&messages::duration(state.eta()));
        })
}

impl Ui for Terminal {
    fn password(&self, user: &str, host: &str) -> Option<String> {
        if !self.asks {
            return None;
        }
        let prompt = messages::deploy_password_prompt(user, host, self.tongue);
        self.bar.suspend(|| rpassword::prompt_password(prompt).ok())
    }

    fn trust(&self, host: &str, fingerprint: &str) -> bool {
        if !self.asks {
            return false;
        }
        self.bar.suspend(|| {
            eprint!("{}", messages::deploy_trust_prompt(host, fingerprint, self.tongue));
            let _ = std::io::stderr().flush();
            let mut answer = String::new();
            let _ = std::io::stdin().lock().read_line(&mut answer);
            matches!(answer.trim().to_lowercase().as_str(), "o" | "oui" | "y" | "yes")
        })
    }

    fn event(&self, event: Event<'_>) {
        match event {
            Event::Insecure => self.say(messages::deploy_insecure(self.tongue)),
            Event::Reading => self.say(messages::deploy_reading(false, self.tongue)),
            Event::Surveyed { folders } => {
                if folders == 1 {
                    self.say(messages::deploy_reading(true, self.tongue));
                }
                self.bar.set_message(folders.to_string());
            }
            Event::Planned(plan) => {
                let line = messages::deploy_plan(plan.send.len(), plan.bytes(), plan.remove.len(), self.tongue);
                self.say(&line);
                self.bar.set_length(plan.bytes());
                self.bar.reset_eta();
            }
            Event::Sending { path, skipped } => {
                self.bar.set_message(path.to_string());
                self.bar.inc(skipped);
            }
            Event::Sent(bytes) => self.bar.inc(bytes),
            Event::Removing(path) => self.bar.set_message(path.to_string()),
            Event::Retry { attempt, of, delay, reason } => {
                self.say(&messages::deploy_retry(attempt, of, delay, reason, self.tongue));
            }
        }
    }
}
