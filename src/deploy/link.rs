//! The connection to the server, kept up: an operation cut by a dropped connection is run
//! again on a new one, after a pause that doubles at each failure in a row (1 s, 2 s, 4 s…,
//! at most a minute), up to [`TRIES`] times. What the server refuses stops the deploy.

use std::time::Duration;

use super::transport::{Credentials, Failure, Refusal, Transport};
use super::{Event, Ui};
use crate::error::{Error, Location, Problem};
use crate::target::{Protocol, Target};

/// How many times in a row an operation is tried before the deploy gives up.
pub const TRIES: u32 = 8;

pub struct Link<'a> {
    target: &'a Target,
    credentials: &'a Credentials,
    ui: &'a dyn Ui,
    /// Where errors point: the line of `site.yaml` with the target, or the target itself.
    place: Location,
    connection: Option<Box<dyn Transport>>,
    /// How many times the connection was opened again.
    pub reconnections: u32,
}

impl<'a> Link<'a> {
    /// Connects. A failure here is reported at once: the address, the login or the network is
    /// wrong, and waiting would not help the person who just typed the command.
    pub fn open(
        target: &'a Target,
        credentials: &'a Credentials,
        ui: &'a dyn Ui,
        place: Location,
    ) -> Result<Self, Error> {
        let connection =
            connect(target, credentials, ui).map_err(|refusal| Error::at(place.clone(), refusal.problem))?;
        Ok(Link { target, credentials, ui, place, connection: Some(connection), reconnections: 0 })
    }

    /// Runs `operation`, connecting again as long as the connection drops.
    pub fn run<T>(&mut self, mut operation: impl FnMut(&mut dyn Transport) -> Result<T, Failure>) -> Result<T, Error> {
        let mut failures = 0;
        loop {
            let reason = match self.connection.as_deref_mut() {
                Some(connection) => match operation(connection) {
                    Ok(value) => return Ok(value),
                    Err(Failure::Refused(reason)) => {
                        return Err(Error::at(self.place.clone(), Problem::ServerRefused(reason)));
                    }
                    Err(Failure::Lost(reason)) => reason,
                },
                None => match connect(self.target, self.credentials, self.ui) {
                    Ok(connection) => {
                        self.connection = Some(connection);
                        self.reconnections += 1;
                        continue;
                    }
                    Err(Refusal { problem: Problem::Unreachable(reason), transient: true }) => reason,
                    Err(refusal) => return Err(Error::at(self.place.clone(), refusal.problem)),
                },
            };
            self.connection = None;
            failures += 1;
            if failures >= TRIES {
                return Err(Error::at(self.place.clone(), Problem::ConnectionLost { tries: failures, reason }));
            }
            let delay = pause(failures);
            self.ui.event(Event::Retry { attempt: failures + 1, of: TRIES, delay, reason: &reason });
            std::thread::sleep(delay);
        }
    }
}

/// The pause after the `n`-th failure in a row: 1 s, 2 s, 4 s…, at most a minute.
fn pause(n: u32) -> Duration {
    Duration::from_secs((1u64 << (n - 1).min(6)).min(60))
}

/// Opens a connection to the target and logs in.
pub fn connect(target: &Target, credentials: &Credentials, ui: &dyn Ui) -> Result<Box<dyn Transport>, Refusal> {
    Ok(match target.protocol {
        Protocol::Sftp => Box::new(super::sftp::Sftp::connect(target, credentials, ui)?),
        Protocol::Ftps | Protocol::Ftp => Box::new(super::ftp::Ftp::connect(target, credentials, ui)?),
        Protocol::File => Box::new(super::file::Folder::open(target)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_up_to_a_minute() {
        let pauses: Vec<u64> = (1..TRIES).map(|n| pause(n).as_secs()).collect();
        assert_eq!(pauses, [1, 2, 4, 8, 16, 32, 60]);
    }
}
