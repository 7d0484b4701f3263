//! What `deploy` asks of a server, whatever the protocol: read, write and rename files, make
//! and list folders. Paths are relative to the site's folder on the server, with `/`.
//!
//! Each protocol says whether a failure is the connection's (it dropped or stalled: connect
//! again and go on) or the server's answer (it refused: stop and say why).

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use crate::error::Problem;

/// How long a connection may take to open, and an answer to come, before the link counts as lost.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
pub const IO_TIMEOUT: Duration = Duration::from_secs(60);

/// The size of the pieces a file is sent in: the progress bar moves after each.
pub const CHUNK: usize = 64 * 1024;

/// Why an operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The connection dropped or stalled: connect again and go on. The system's words.
    Lost(String),
    /// The server refused; its words.
    Refused(String),
}

/// An entry of a folder on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub name: String,
    pub folder: bool,
    pub size: u64,
}

/// A connection to where the site is published.
pub trait Transport {
    /// The bytes of a file from `offset` on; `None` if there is no such file.
    fn read(&mut self, path: &str, offset: u64) -> Result<Option<Vec<u8>>, Failure>;
    /// The size of a file; `None` if there is no such file.
    fn size(&mut self, path: &str) -> Result<Option<u64>, Failure>;
    /// Writes `source` into a file: a new one if `offset` is 0, else after its first `offset`
    /// bytes. `sent` is told of each piece sent.
    fn write(
        &mut self,
        path: &str,
        offset: u64,
        source: &mut dyn Read,
        sent: &mut dyn FnMut(u64),
    ) -> Result<(), Failure>;
    /// Adds `bytes` at the end of a file, made if missing.
    fn append(&mut self, path: &str, bytes: &[u8]) -> Result<(), Failure>;
    /// Renames `from` to `to`, replacing `to` if it exists (`exists` says whether it should).
    fn rename(&mut self, from: &str, to: &str, exists: bool) -> Result<(), Failure>;
    /// Removes a file; one already gone is no failure.
    fn remove(&mut self, path: &str) -> Result<(), Failure>;
    /// Makes a folder whose parent exists; one that exists already is no failure.
    fn make_folder(&mut self, path: &str) -> Result<(), Failure>;
    /// Removes an empty folder; `Ok(false)` if it is not empty or cannot be removed.
    fn remove_folder(&mut self, path: &str) -> Result<bool, Failure>;
    /// The entries of a folder; `None` if there is no such folder.
    fn list(&mut self, path: &str) -> Result<Option<Vec<Listed>>, Failure>;
}

/// What a connection may log in with, besides the target's user name.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// From `CNR_DEPLOY_PASSWORD`; otherwise asked, when a server wants one.
    pub password: Option<String>,
    /// An SSH private key, from `CNR_DEPLOY_KEY`; otherwise the usual ones in `~/.ssh`.
    pub key: Option<PathBuf>,
    /// Where the user's keys are (`~/.ssh`), with `known_hosts`.
    pub ssh_folder: Option<PathBuf>,
    /// Whether to ask the SSH agent.
    pub agent: bool,
    /// A certificate to trust for FTPS besides the system's, from `CNR_DEPLOY_CERTIFICATE`:
    /// a server with a certificate of its own making.
    pub certificate: Option<PathBuf>,
}

impl Credentials {
    /// What a deploy may log in with, from the environment: `CNR_DEPLOY_PASSWORD`,
    /// `CNR_DEPLOY_KEY`, the SSH agent, the keys and known servers of `~/.ssh`,
    /// `CNR_DEPLOY_CERTIFICATE`.
    pub fn from_env() -> Credentials {
        let variable = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        Credentials {
            password: variable("CNR_DEPLOY_PASSWORD").map(|v| v.to_string_lossy().into_owned()),
            key: variable("CNR_DEPLOY_KEY").map(PathBuf::from),
            ssh_folder: variable("HOME").map(|home| PathBuf::from(home).join(".ssh")),
            agent: variable("SSH_AUTH_SOCK").is_some(),
            certificate: variable("CNR_DEPLOY_CERTIFICATE").map(PathBuf::from),
        }
    }
}

/// Why a connection could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub problem: Problem,
    /// Whether trying again later may succeed: the network, not the login.
    pub transient: bool,
}

impl Refusal {
    pub fn new(problem: Problem) -> Refusal {
        Refusal { problem, transient: false }
    }

    pub fn network(reason: String) -> Refusal {
        Refusal { problem: Problem::Unreachable(reason), transient: true }
    }
}

/// The addresses of `host:port`, tried in turn, and the stream to the first that answers.
pub fn open_tcp(host: &str, port: u16) -> Result<std::net::TcpStream, Refusal> {
    use std::net::ToSocketAddrs;
    let addresses = (host, port).to_socket_addrs().map_err(|e| Refusal::network(format!("{host}: {e}")))?;
    let mut last = format!("{host}: no address");
    for address in addresses {
        match std::net::TcpStream::connect_timeout(&address, CONNECT_TIMEOUT) {
            Ok(stream) => {
                let timeouts = stream
                    .set_read_timeout(Some(IO_TIMEOUT))
                    .and_then(|()| stream.set_write_timeout(Some(IO_TIMEOUT)))
                    .and_then(|()| stream.set_nodelay(true));
                timeouts.map_err(|e| Refusal::network(e.to_string()))?;
                return Ok(stream);
            }
            Err(error) => last = format!("{host}:{port}: {}", words(&error)),
        }
    }
    Err(Refusal::network(last))
}

/// An I/O error in the system's words, without the code that helps no one.
pub fn words(error: &dyn std::fmt::Display) -> String {
    let text = error.to_string();
    text.split(" (os error").next().unwrap_or(&text).to_string()
}
