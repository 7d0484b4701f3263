//! Publishing over FTP, encrypted with TLS (`ftps://`, explicit: `AUTH TLS` on the FTP port,
//! what shared hosts offer) or not (`ftp://`), with the `suppaftp` crate: a maintained
//! successor of rust-ftp, blocking like the rest of `deploy`, with TLS through `native-tls`
//! (the system's OpenSSL, which libssh2 uses already: one TLS library for both protocols).
//!
//! Data connections are passive, to the address of the control connection whatever the
//! server announces (FileZilla does the same: servers behind NAT announce private addresses).
//! Files are sent in binary; `RNTO` replaces an existing file, and where a server refuses,
//! the old file is removed first.

use std::io::{Read, Write};
use std::net::TcpStream;

use suppaftp::list::{File, ListParser};
use suppaftp::types::FileType;
use suppaftp::{FtpError, NativeTlsConnector, NativeTlsFtpStream, Status};

use super::Ui;
use super::transport::{
    CHUNK, CONNECT_TIMEOUT, Credentials, Failure, IO_TIMEOUT, Listed, Refusal, Transport, open_tcp, words,
};
use crate::error::Problem;
use crate::target::{Protocol, Target};

pub struct Ftp {
    stream: NativeTlsFtpStream,
    target: Target,
    /// Whether the server knows `MLSD`, the listing made for programs.
    mlsd: bool,
}

impl Ftp {
    pub fn connect(target: &Target, credentials: &Credentials, ui: &dyn Ui) -> Result<Ftp, Refusal> {
        let lost = |error: FtpError| Refusal::network(words(&error));
        let control: TcpStream = open_tcp(&target.host, target.port)?;
        let mut stream =
            NativeTlsFtpStream::connect_with_stream(control).map_err(lost)?.passive_stream_builder(|address| {
                let data = TcpStream::connect_timeout(&address, CONNECT_TIMEOUT).map_err(FtpError::ConnectionError)?;
                data.set_read_timeout(Some(IO_TIMEOUT)).map_err(FtpError::ConnectionError)?;
                data.set_write_timeout(Some(IO_TIMEOUT)).map_err(FtpError::ConnectionError)?;
                Ok(data)
            });
        stream.set_passive_nat_workaround(true);
        if target.protocol == Protocol::Ftps {
            stream = stream.into_secure(tls(credentials)?, &target.host).map_err(|error| match error {
                FtpError::SecureError(reason) => Refusal::new(Problem::Tls(tls_words(&reason))),
                FtpError::UnexpectedResponse(response) => Refusal::new(Problem::Tls(answer(&response))),
                other => lost(other),
            })?;
        }
        let password = match credentials.password.clone().or_else(|| ui.password(&target.user, &target.host)) {
            Some(password) => password,
            None => return Err(Refusal::new(Problem::NoPassword)),
        };
        match stream.login(target.user.as_str(), password.as_str()) {
            Ok(()) => {}
            Err(FtpError::UnexpectedResponse(response)) if response.status == Status::NotLoggedIn => {
                return Err(Refusal::new(Problem::LoginRefused { user: target.user.clone(), ssh: false }));
            }
            Err(error) => return Err(lost(error)),
        }
        stream.transfer_type(FileType::Binary).map_err(lost)?;
        let mlsd = stream.feat().map(|features| features.contains_key("MLSD")).unwrap_or(false);
        Ok(Ftp { stream, target: target.clone(), mlsd })
    }

    fn path(&self, path: &str) -> String {
        self.target.remote(path)
    }

    /// The lines of a listing, `MLSD`'s if the server knows it.
    fn listing(&mut self, folder: &str) -> Result<Option<Vec<File>>, Failure> {
        let lines = if self.mlsd {
            absent(folder, self.stream.mlsd(Some(folder)))?
        } else {
            absent(folder, self.stream.list(Some(folder)))?
        };
        let parse = |line: &String| {
            if self.mlsd {
                ListParser::parse_mlsd(line).ok()
            } else {
                ListParser::parse_posix(line).or_else(|_| ListParser::parse_dos(line)).ok()
            }
        };
        Ok(lines.map(|lines| lines.iter().filter_map(parse).collect()))
    }
}

/// The TLS settings: the system's certificates, and the one given, if any.
fn tls(credentials: &Credentials) -> Result<NativeTlsConnector, Refusal> {
    let mut builder = native_tls::TlsConnector::builder();
    if let Some(file) = &credentials.certificate {
        let pem = std::fs::read(file)
            .map_err(|e| Refusal::new(Problem::Tls(format!("{}: {}", file.display(), words(&e)))))?;
        let certificate = native_tls::Certificate::from_pem(&pem)
            .map_err(|e| Refusal::new(Problem::Tls(format!("{}: {e}", file.display()))))?;
        builder.add_root_certificate(certificate);
    }
    let connector = builder.build().map_err(|e| Refusal::new(Problem::Tls(e.to_string())))?;
    Ok(NativeTlsConnector::from(connector))
}

/// OpenSSL's words without its codes: `error:0A000086:SSL routines:tls_post_process_server_certificate:
/// certificate verify failed:../ssl/statem/statem_clnt.c:1889: (self-signed certificate)` says
/// `certificate verify failed (self-signed certificate)`.
fn tls_words(reason: &str) -> String {
    let Some((_, after)) = reason.split_once("routines:") else { return reason.to_string() };
    let mut parts = after.split(':').skip(1);
    let words = parts.next().unwrap_or(after).trim();
    match parts.last().map(str::trim).filter(|detail| detail.starts_with('(')) {
        Some(detail) => format!("{words} {detail}"),
        None => words.to_string(),
    }
}

/// A server's answer in words: `550 Permission denied`.
fn answer(response: &suppaftp::types::Response) -> String {
    let text = String::from_utf8_lossy(&response.body);
    let text = text.trim();
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        text.to_string()
    } else {
        format!("{} {text}", response.status.code())
    }
}

/// `None` for a file the server says is not there.
fn absent<T>(path: &str, result: Result<T, FtpError>) -> Result<Option<T>, Failure> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(FtpError::UnexpectedResponse(response)) if response.status == Status::FileUnavailable => Ok(None),
        Err(error) => Err(failure(path, error)),
    }
}

fn failure(path: &str, error: FtpError) -> Failure {
    match error {
        // 421: the server is closing the connection (too many users, idle too long).
        FtpError::UnexpectedResponse(response) if response.status != Status::NotAvailable => {
            Failure::Refused(format!("{path}: {}", answer(&response)))
        }
        other => Failure::Lost(words(&other)),
    }
}

impl Transport for Ftp {
    fn read(&mut self, path: &str, offset: u64) -> Result<Option<Vec<u8>>, Failure> {
        let remote = self.path(path);
        // REST is set for the next transfer only.
        if offset > 0 {
            self.stream.resume_transfer(offset as usize).map_err(|e| failure(path, e))?;
        }
        let read = self.stream.retr_as_buffer(&remote).map(|cursor| cursor.into_inner());
        absent(path, read)
    }

    fn size(&mut self, path: &str) -> Result<Option<u64>, Failure> {
        let size = self.stream.size(self.path(path));
        Ok(absent(path, size)?.map(|size| size as u64))
    }

    fn write(
        &mut self,
        path: &str,
        offset: u64,
        source: &mut dyn Read,
        sent: &mut dyn FnMut(u64),
    ) -> Result<(), Failure> {
        let remote = self.path(path);
        let opened =
            if offset == 0 { self.stream.put_with_stream(&remote) } else { self.stream.append_with_stream(&remote) };
        let mut data = opened.map_err(|e| failure(path, e))?;
        let mut buffer = vec![0; CHUNK];
        loop {
            let n = source.read(&mut buffer).map_err(|e| Failure::Refused(format!("{path}: {}", words(&e))))?;
            if n == 0 {
                break;
            }
            data.write_all(&buffer[..n]).map_err(|e| Failure::Lost(words(&e)))?;
            sent(n as u64);
        }
        data.finish().map_err(|e| failure(path, e))
    }

    fn append(&mut self, path: &str, bytes: &[u8]) -> Result<(), Failure> {
        let remote = self.path(path);
        self.stream.append_file(&remote, &mut &bytes[..]).map(drop).map_err(|e| failure(path, e))
    }

    fn rename(&mut self, from: &str, to: &str, exists: bool) -> Result<(), Failure> {
        let (source, destination) = (self.path(from), self.path(to));
        match self.stream.rename(&source, &destination) {
            Err(FtpError::UnexpectedResponse(_)) if exists => {
                self.remove(to)?;
                self.stream.rename(&source, &destination).map_err(|e| failure(to, e))
            }
            other => other.map_err(|e| failure(to, e)),
        }
    }

    fn remove(&mut self, path: &str) -> Result<(), Failure> {
        let removed = self.stream.rm(self.path(path));
        absent(path, removed).map(drop)
    }

    fn make_folder(&mut self, path: &str) -> Result<(), Failure> {
        match self.stream.mkdir(self.path(path)) {
            // Made already, or refused: a refusal shows when the first file is sent into it.
            Err(FtpError::UnexpectedResponse(_)) | Ok(()) => Ok(()),
            Err(error) => Err(failure(path, error)),
        }
    }

    fn remove_folder(&mut self, path: &str) -> Result<bool, Failure> {
        match self.stream.rmdir(self.path(path)) {
            Ok(()) => Ok(true),
            Err(FtpError::UnexpectedResponse(_)) => Ok(false),
            Err(error) => Err(failure(path, error)),
        }
    }

    fn list(&mut self, path: &str) -> Result<Option<Vec<Listed>>, Failure> {
        let folder = self.path(path);
        let folder = if folder.is_empty() { ".".to_string() } else { folder };
        let Some(files) = self.listing(&folder)? else { return Ok(None) };
        let listed = files
            .into_iter()
            .filter(|file| file.name() != "." && file.name() != "..")
            .map(|file| Listed { name: file.name().to_string(), folder: file.is_directory(), size: file.size() as u64 })
            .collect();
        Ok(Some(listed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_errors_in_words() {
        let reason = "Secure error: error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../ssl/statem/statem_clnt.c:1889: (self-signed certificate)";
        assert_eq!(tls_words(reason), "certificate verify failed (self-signed certificate)");
        assert_eq!(tls_words("handshake failed"), "handshake failed");
    }
}
