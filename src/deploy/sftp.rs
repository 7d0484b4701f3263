//! Publishing over SFTP, with the `ssh2` crate: bindings to libssh2, the SSH library curl and
//! git use, built from the source the crate bundles. Its calls block, as the rest of `deploy`
//! does; the pure-Rust alternative (russh) needs an async runtime and a second TLS stack.
//!
//! The server's key is checked against `~/.ssh/known_hosts`, as `ssh` does: an unknown server
//! is accepted only by a person who saw its fingerprint, a changed key stops everything. Login
//! tries the SSH agent, then the key files, then a password (SSH's own, or typed at the
//! server's questions). The SSH connection is compressed: pages cross a slow link in a fifth
//! of their size.
//!
//! OpenSSH's SFTP server will not rename a file over another (SFTP version 3), and the
//! extension that does (`posix-rename@openssh.com`) is not bound by `ssh2`: a file is replaced
//! by removing the old one, then renaming the new one, already complete, into its place.

use std::io::{Read, Seek, SeekFrom, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

use base64::Engine;
use ssh2::{CheckResult, ErrorCode, HashType, HostKeyType, KnownHostFileKind, OpenFlags, OpenType, Session};

use super::Ui;
use super::transport::{CHUNK, Credentials, Failure, IO_TIMEOUT, Listed, Refusal, Transport, open_tcp, words};
use crate::error::Problem;
use crate::target::Target;

/// SFTP's status codes (libssh2's `LIBSSH2_FX_*`).
const NO_SUCH_FILE: i32 = 2;
const NO_SUCH_PATH: i32 = 10;

pub struct Sftp {
    /// Kept for the connection's life: the SFTP channel lives in it.
    _session: Session,
    sftp: ssh2::Sftp,
    target: Target,
    /// Whether the server may rename over an existing file; until it refuses once.
    overwrites: bool,
}

impl Sftp {
    pub fn connect(target: &Target, credentials: &Credentials, ui: &dyn Ui) -> Result<Sftp, Refusal> {
        let stream: TcpStream = open_tcp(&target.host, target.port)?;
        let mut session = Session::new().map_err(|e| Refusal::network(e.message().to_string()))?;
        session.set_compress(true);
        session.set_timeout(IO_TIMEOUT.as_millis() as u32);
        session.set_tcp_stream(stream);
        session.handshake().map_err(|e| Refusal::network(e.message().to_string()))?;
        check_host_key(&session, target, credentials, ui)?;
        log_in(&session, target, credentials, ui)?;
        let sftp = session.sftp().map_err(|e| Refusal::network(e.message().to_string()))?;
        Ok(Sftp { _session: session, sftp, target: target.clone(), overwrites: true })
    }

    fn path(&self, path: &str) -> PathBuf {
        PathBuf::from(self.target.remote(path))
    }

    /// A failure of a file operation: the server's answer, or the connection's.
    fn failure(&self, path: &str, error: &ssh2::Error) -> Failure {
        match error.code() {
            ErrorCode::SFTP(_) => Failure::Refused(format!("{path}: {}", sftp_words(error))),
            ErrorCode::Session(_) => Failure::Lost(error.message().to_string()),
        }
    }

    /// A failure met while reading or writing a file's bytes, which `ssh2` gives without its
    /// code: the connection's if the server no longer answers.
    fn io_failure(&self, path: &str, error: &std::io::Error) -> Failure {
        match self.sftp.stat(&self.path("")) {
            Ok(_) => Failure::Refused(format!("{path}: {}", words(error))),
            Err(_) => Failure::Lost(words(error)),
        }
    }

    /// `None` for a file that is not there.
    fn absent<T>(&self, path: &str, result: Result<T, ssh2::Error>) -> Result<Option<T>, Failure> {
        match result {
            Ok(value) => Ok(Some(value)),
            Err(error) if matches!(error.code(), ErrorCode::SFTP(NO_SUCH_FILE | NO_SUCH_PATH)) => Ok(None),
            Err(error) => Err(self.failure(path, &error)),
        }
    }
}

impl Transport for Sftp {
    fn read(&mut self, path: &str, offset: u64) -> Result<Option<Vec<u8>>, Failure> {
        let Some(mut file) = self.absent(path, self.sftp.open(self.path(path)))? else {
            return Ok(None);
        };
        let mut bytes = Vec::new();
        let read = file.seek(SeekFrom::Start(offset)).and_then(|_| file.read_to_end(&mut bytes));
        read.map_err(|error| self.io_failure(path, &error))?;
        Ok(Some(bytes))
    }

    fn size(&mut self, path: &str) -> Result<Option<u64>, Failure> {
        Ok(self.absent(path, self.sftp.stat(&self.path(path)))?.map(|stat| stat.size.unwrap_or(0)))
    }

    fn write(
        &mut self,
        path: &str,
        offset: u64,
        source: &mut dyn Read,
        sent: &mut dyn FnMut(u64),
    ) -> Result<(), Failure> {
        let flags = if offset == 0 { OpenFlags::WRITE | OpenFlags::TRUNCATE } else { OpenFlags::WRITE };
        let mut file = self
            .sftp
            .open_mode(self.path(path), flags, 0o644, OpenType::File)
            .map_err(|error| self.failure(path, &error))?;
        let mut buffer = vec![0; CHUNK];
        let mut copy = || -> std::io::Result<()> {
            file.seek(SeekFrom::Start(offset))?;
            loop {
                let n = source.read(&mut buffer)?;
                if n == 0 {
                    return Ok(());
                }
                file.write_all(&buffer[..n])?;
                sent(n as u64);
            }
        };
        copy().map_err(|error| self.io_failure(path, &error))?;
        file.close().map_err(|error| self.failure(path, &error))
    }

    fn append(&mut self, path: &str, bytes: &[u8]) -> Result<(), Failure> {
        let flags = OpenFlags::WRITE | OpenFlags::APPEND | OpenFlags::CREATE;
        let mut file =
            self.sftp.open_mode(self.path(path), flags, 0o644, OpenType::File).map_err(|e| self.failure(path, &e))?;
        file.write_all(bytes).map_err(|error| self.io_failure(path, &error))?;
        file.close().map_err(|error| self.failure(path, &error))
    }

    fn rename(&mut self, from: &str, to: &str, exists: bool) -> Result<(), Failure> {
        let (source, destination) = (self.path(from), self.path(to));
        if exists && !self.overwrites {
            self.remove(to)?;
        }
        match self.sftp.rename(&source, &destination, None) {
            Err(error) if matches!(error.code(), ErrorCode::SFTP(_)) && self.sftp.stat(&destination).is_ok() => {
                self.overwrites = false;
                self.remove(to)?;
                self.sftp.rename(&source, &destination, None).map_err(|error| self.failure(to, &error))
            }
            other => other.map_err(|error| self.failure(to, &error)),
        }
    }

    fn remove(&mut self, path: &str) -> Result<(), Failure> {
        self.absent(path, self.sftp.unlink(&self.path(path))).map(drop)
    }

    fn make_folder(&mut self, path: &str) -> Result<(), Failure> {
        let folder = self.path(path);
        match self.sftp.mkdir(&folder, 0o755) {
            Err(error) if !self.sftp.stat(&folder).is_ok_and(|stat| stat.is_dir()) => Err(self.failure(path, &error)),
            _ => Ok(()),
        }
    }

    fn remove_folder(&mut self, path: &str) -> Result<bool, Failure> {
        match self.sftp.rmdir(&self.path(path)) {
            Ok(()) => Ok(true),
            Err(error) if matches!(error.code(), ErrorCode::SFTP(_)) => Ok(false),
            Err(error) => Err(self.failure(path, &error)),
        }
    }

    fn list(&mut self, path: &str) -> Result<Option<Vec<Listed>>, Failure> {
        let Some(entries) = self.absent(path, self.sftp.readdir(self.path(path)))? else {
            return Ok(None);
        };
        let listed = entries
            .into_iter()
            .filter_map(|(file, stat)| {
                let name = file.file_name()?.to_string_lossy().into_owned();
                Some(Listed { name, folder: stat.is_dir(), size: stat.size.unwrap_or(0) })
            })
            .collect();
        Ok(Some(listed))
    }
}

/// An SFTP status in words: libssh2's message for all of them is « SFTP Protocol Error ».
fn sftp_words(error: &ssh2::Error) -> String {
    match error.code() {
        ErrorCode::SFTP(3) => "permission denied".into(),
        ErrorCode::SFTP(NO_SUCH_FILE | NO_SUCH_PATH) => "no such file or folder".into(),
        ErrorCode::SFTP(14) => "no space left on the server".into(),
        ErrorCode::SFTP(15) => "quota exceeded".into(),
        ErrorCode::SFTP(code) => format!("{} {code}", error.message()),
        ErrorCode::Session(_) => error.message().to_string(),
    }
}

/// Checks the server's key against `known_hosts`; an unknown one is added if a person accepts it.
fn check_host_key(session: &Session, target: &Target, credentials: &Credentials, ui: &dyn Ui) -> Result<(), Refusal> {
    let (key, kind) = session.host_key().ok_or_else(|| Refusal::network("the server sent no key".into()))?;
    let digest = session.host_key_hash(HashType::Sha256).unwrap_or_default();
    let fingerprint = format!("SHA256:{}", base64::engine::general_purpose::STANDARD_NO_PAD.encode(digest));
    let file = credentials.ssh_folder.as_ref().map(|folder| folder.join("known_hosts"));
    let mut known = session.known_hosts().map_err(|e| Refusal::network(e.message().to_string()))?;
    if let Some(file) = file.as_ref().filter(|file| file.exists()) {
        // Lines libssh2 cannot read (key types it does not know) are only skipped.
        let _ = known.read_file(file, KnownHostFileKind::OpenSSH);
    }
    match known.check_port(&target.host, target.port, key) {
        CheckResult::Match => Ok(()),
        CheckResult::Mismatch => Err(Refusal::new(Problem::ChangedHostKey(fingerprint))),
        CheckResult::NotFound | CheckResult::Failure => {
            let name =
                if target.port == 22 { target.host.clone() } else { format!("[{}]:{}", target.host, target.port) };
            if !ui.trust(&name, &fingerprint) {
                return Err(Refusal::new(Problem::UnknownHostKey(fingerprint)));
            }
            if let Some(file) = file {
                remember(&file, &name, kind, key);
            }
            Ok(())
        }
    }
}

/// Adds a server's key to `known_hosts`, as `ssh` does once a person accepted it. Failing to
/// write it costs only the question next time.
fn remember(file: &Path, name: &str, kind: HostKeyType, key: &[u8]) {
    let kind = match kind {
        HostKeyType::Rsa => "ssh-rsa",
        HostKeyType::Dss => "ssh-dss",
        HostKeyType::Ecdsa256 => "ecdsa-sha2-nistp256",
        HostKeyType::Ecdsa384 => "ecdsa-sha2-nistp384",
        HostKeyType::Ecdsa521 => "ecdsa-sha2-nistp521",
        HostKeyType::Ed25519 => "ssh-ed25519",
        HostKeyType::Unknown => return,
    };
    let line = format!("{name} {kind} {}\n", base64::engine::general_purpose::STANDARD.encode(key));
    if let Some(folder) = file.parent() {
        let _ = std::fs::create_dir_all(folder);
    }
    let opened = std::fs::OpenOptions::new().append(true).create(true).open(file);
    let _ = opened.and_then(|mut known| known.write_all(line.as_bytes()));
}

/// Logs in with the agent, the key files, then a password, as the server allows.
fn log_in(session: &Session, target: &Target, credentials: &Credentials, ui: &dyn Ui) -> Result<(), Refusal> {
    let user = target.user.as_str();
    let methods = match session.auth_methods(user) {
        Ok(methods) => methods.to_string(),
        Err(_) if session.authenticated() => return Ok(()),
        Err(error) => return Err(Refusal::network(error.message().to_string())),
    };
    if methods.contains("publickey") {
        if credentials.agent {
            let _ = session.userauth_agent(user);
        }
        for key in key_files(credentials).iter().take_while(|_| !session.authenticated()) {
            let _ = session.userauth_pubkey_file(user, None, key, None);
        }
    }
    let typed = methods.contains("password") || methods.contains("keyboard-interactive");
    if !session.authenticated() && typed {
        let password = match credentials.password.clone().or_else(|| ui.password(user, &target.host)) {
            Some(password) => password,
            None => return Err(Refusal::new(Problem::NoPassword)),
        };
        if methods.contains("password") {
            let _ = session.userauth_password(user, &password);
        }
        if !session.authenticated() && methods.contains("keyboard-interactive") {
            let _ = session.userauth_keyboard_interactive(user, &mut Answer(password));
        }
    }
    if session.authenticated() {
        Ok(())
    } else {
        Err(Refusal::new(Problem::LoginRefused { user: user.to_string(), ssh: true }))
    }
}

/// The key given, or the usual ones of `~/.ssh` that exist.
fn key_files(credentials: &Credentials) -> Vec<PathBuf> {
    if let Some(key) = &credentials.key {
        return vec![key.clone()];
    }
    let Some(folder) = &credentials.ssh_folder else { return Vec::new() };
    ["id_ed25519", "id_ecdsa", "id_rsa"].iter().map(|name| folder.join(name)).filter(|key| key.exists()).collect()
}

/// Answers the server's password questions (keyboard-interactive login) with the password.
struct Answer(String);

impl ssh2::KeyboardInteractivePrompt for Answer {
    fn prompt(&mut self, _user: &str, _instructions: &str, prompts: &[ssh2::Prompt<'_>]) -> Vec<String> {
        prompts.iter().map(|_| self.0.clone()).collect()
    }
}
