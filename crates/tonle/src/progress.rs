//! Progress bars for anything that takes more than a second (hidden when not on a terminal).

use indicatif::{ProgressBar, ProgressStyle};

pub fn bar(message: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template("{msg:<22} [{bar:30}] {pos}/{len}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(message);
    bar
}
