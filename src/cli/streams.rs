//! Standard output and standard error for one command: a write error is never ignored (it
//! ends the command with exit status 2 and a message), and a closed pipe (`| head`) ends the
//! output quietly.

use std::io::Write;

use phrasec::io::describe_io_error;

/// Exit status of a usage or I/O failure.
pub const EXIT_FAILURE: u8 = 2;

/// Standard output, written through a lock. The first error is kept and later writes are
/// skipped; [`Stdout::finish`] turns it into the exit status.
pub struct Stdout {
    lock: std::io::StdoutLock<'static>,
    error: Option<std::io::Error>,
}

impl Stdout {
    pub fn new() -> Stdout {
        Stdout {
            lock: std::io::stdout().lock(),
            error: None,
        }
    }

    pub fn write(&mut self, text: &str) {
        if self.error.is_some() {
            return;
        }
        if let Err(error) = self.lock.write_all(text.as_bytes()) {
            self.error = Some(error);
        }
    }

    /// Lets `write` write to standard output; its first error is kept as [`Stdout::write`]'s.
    pub fn write_with(&mut self, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
        if self.error.is_some() {
            return;
        }
        if let Err(error) = write(&mut self.lock) {
            self.error = Some(error);
        }
    }

    /// Flushes what was written so far (a write error is kept for [`Stdout::finish`]).
    pub fn flush(&mut self) {
        if self.error.is_none()
            && let Err(error) = self.lock.flush()
        {
            self.error = Some(error);
        }
    }

    /// Flushes; returns `status`, or [`EXIT_FAILURE`] after a write error (reported on
    /// standard error). A closed pipe keeps `status`: the reader wanted no more.
    pub fn finish(mut self, status: u8) -> u8 {
        if self.error.is_none()
            && let Err(error) = self.lock.flush()
        {
            self.error = Some(error);
        }
        match self.error {
            None => status,
            Some(error) if error.kind() == std::io::ErrorKind::BrokenPipe => status,
            Some(error) => {
                write_stderr(&format!(
                    "error[E0008]: cannot write to standard output: {}\n",
                    describe_io_error(&error)
                ));
                EXIT_FAILURE
            }
        }
    }
}

/// Writes to standard error. Its own failures cannot be reported anywhere, so they are
/// dropped (instead of the panic of `eprint!`).
pub fn write_stderr(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Which stream a command's diagnostics go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Whether standard output carries the command's product (`build -o -`, `fmt -`, a rendered
/// phrase), which diagnostics must not be mixed into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StdoutUse {
    Free,
    Product,
}
