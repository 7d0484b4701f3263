//! A small HTTP/1.1 server for the preview: GET and HEAD, one thread per connection, and
//! nothing served but what the preview holds in memory.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::text::percent_decode;

/// A request as the preview needs it.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub head: bool,
    /// The path, percent-decoded, without query.
    pub path: String,
    pub query: String,
}

/// A response to send.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
        Response { status, content_type, headers: Vec::new(), body }
    }

    pub fn text(status: u16, text: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", text.as_bytes().to_vec())
    }
}

/// Reads a request; `Err` carries the response to give instead (400, 405).
pub fn read_request(stream: &TcpStream) -> Result<Request, Option<Response>> {
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut reader = BufReader::new(stream.take(16 * 1024));
    let mut line = String::new();
    if reader.read_line(&mut line).map_err(|_| None)? == 0 {
        return Err(None);
    }
    // Headers are read and left: the preview needs none of them.
    let mut header = String::new();
    while reader.read_line(&mut header).map_err(|_| None)? > 2 {
        header.clear();
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let head = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Err(Some(Response::text(405, "Method Not Allowed"))),
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = percent_decode(path).ok_or_else(|| Some(Response::text(400, "Bad Request")))?;
    Ok(Request { head, path, query: query.to_string() })
}

pub fn write_response(mut stream: &TcpStream, response: &Response, head: bool) -> std::io::Result<()> {
    let reason = match response.status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        _ => "",
    };
    let mut head_text = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        response.status,
        response.content_type,
        response.body.len()
    );
    for (name, value) in &response.headers {
        head_text.push_str(&format!("{name}: {value}\r\n"));
    }
    head_text.push_str("\r\n");
    stream.write_all(head_text.as_bytes())?;
    if !head {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

/// The media type of a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        assert_eq!(content_type("/css/site.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("/rss.xml"), "application/xml");
        assert_eq!(content_type("/a/PHOTO.JPG"), "image/jpeg");
        assert_eq!(content_type("/font.woff2"), "font/woff2");
        assert_eq!(content_type("/x"), "application/octet-stream");
    }
}
