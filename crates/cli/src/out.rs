//! Standard output as ripgrep treats it: a closed pipe (`pmatlas export | head`) ends the
//! program quietly with success; any other failure to write (a full disk, `>/dev/full`) is an
//! error naming its cause, with exit status 2. Never a panic.

use std::io::Write;

/// Writes formatted text to standard output (use the `out!`/`outln!` macros).
pub fn write(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args) {
        fail(e);
    }
}

/// Writes bytes to standard output.
pub fn bytes(b: &[u8]) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(b) {
        fail(e);
    }
}

/// Flushes standard output; called once before the program exits.
pub fn flush() {
    if let Err(e) = std::io::stdout().lock().flush() {
        fail(e);
    }
}

fn fail(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("pmatlas: error: standard output: {e}");
    std::process::exit(2);
}

macro_rules! out {
    ($($t:tt)*) => { $crate::out::write(format_args!($($t)*)) };
}

macro_rules! outln {
    () => { $crate::out::write(format_args!("\n")) };
    ($($t:tt)*) => {{ $crate::out::write(format_args!($($t)*)); $crate::out::write(format_args!("\n")); }};
}
