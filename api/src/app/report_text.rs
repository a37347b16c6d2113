//! The words of an uploaded report version, for the anonymisation check: a Word document's
//! `word/document.xml` with its markup removed; a PDF's text strings, from its content streams
//! (inflated when compressed). A PDF whose fonts encode text otherwise (as many generated ones do)
//! gives no words, and the check then says it could not read the version rather than that it is clean.

use std::io::Read;

use cspr_domain::review::report::ReportFormat;
use flate2::read::{DeflateDecoder, ZlibDecoder};

/// The most text read out of one document: a report is far shorter; a "zip bomb" stops here.
const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

fn u16_at(b: &[u8], i: usize) -> Option<usize> {
    b.get(i..i + 2)
        .map(|s| usize::from(u16::from_le_bytes([s[0], s[1]])))
}

fn u32_at(b: &[u8], i: usize) -> Option<usize> {
    b.get(i..i + 4)
        .and_then(|s| usize::try_from(u32::from_le_bytes([s[0], s[1], s[2], s[3]])).ok())
}

/// One member of a ZIP archive, found through its central directory.
fn zip_member(zip: &[u8], wanted: &str) -> Option<Vec<u8>> {
    // The end of central directory record: within the last 64 KiB (its comment's most) and 22 bytes.
    let from = zip.len().saturating_sub(65_557);
    let end = (from..zip.len().saturating_sub(21))
        .rev()
        .find(|&i| zip[i..].starts_with(b"PK\x05\x06"))?;
    let entries = u16_at(zip, end + 10)?;
    let mut at = u32_at(zip, end + 16)?;
    for _ in 0..entries {
        if !zip.get(at..)?.starts_with(b"PK\x01\x02") {
            return None;
        }
        let method = u16_at(zip, at + 10)?;
        let size = u32_at(zip, at + 20)?;
        let name_len = u16_at(zip, at + 28)?;
        let extra_len = u16_at(zip, at + 30)?;
        let comment_len = u16_at(zip, at + 32)?;
        let local = u32_at(zip, at + 42)?;
        let name = zip.get(at + 46..at + 46 + name_len)?;
        if name == wanted.as_bytes() {
            let data = local + 30 + u16_at(zip, local + 26)? + u16_at(zip, local + 28)?;
            let raw = zip.get(data..data.checked_add(size)?)?;
            let mut out = vec![];
            match method {
                0 => out.extend_from_slice(raw),
                8 => {
                    DeflateDecoder::new(raw)
                        .take(MAX_TEXT_BYTES)
                        .read_to_end(&mut out)
                        .ok()?;
                }
                _ => return None,
            }
            return Some(out);
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    None
}

/// The text of WordprocessingML: each paragraph's runs joined, paragraphs on their own lines.
fn word_text(xml: &str) -> String {
    let mut text = String::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        text.push_str(&unescape(&rest[..open]));
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open..open + close + 1];
        if tag.starts_with("</w:p>") || tag.starts_with("<w:br") || tag.starts_with("<w:tab") {
            text.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    text
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The literal strings a PDF content stream shows (`(…) Tj`, `[(…) …] TJ`), with their escapes read.
fn pdf_strings(content: &[u8], out: &mut String) {
    let mut i = 0;
    while i < content.len() {
        if content[i] != b'(' {
            i += 1;
            continue;
        }
        let mut depth = 1;
        i += 1;
        while i < content.len() && depth > 0 {
            match content[i] {
                b'\\' => {
                    i += 1;
                    if let Some(&c) = content.get(i) {
                        out.push(match c {
                            b'n' => '\n',
                            b'r' | b't' => ' ',
                            other => char::from(other),
                        });
                    }
                }
                b'(' => {
                    depth += 1;
                    out.push('(');
                }
                b')' => {
                    depth -= 1;
                    if depth > 0 {
                        out.push(')');
                    }
                }
                c => out.push(char::from(c)),
            }
            i += 1;
        }
        out.push(' ');
    }
}

fn pdf_text(pdf: &[u8]) -> String {
    let mut text = String::new();
    let mut rest = pdf;
    while let Some(start) = find(rest, b"stream") {
        let mut body = &rest[start + 6..];
        body = body.strip_prefix(b"\r").unwrap_or(body);
        body = body.strip_prefix(b"\n").unwrap_or(body);
        let Some(end) = find(body, b"endstream") else {
            break;
        };
        let stream = &body[..end];
        let mut inflated = vec![];
        let content = match ZlibDecoder::new(stream)
            .take(MAX_TEXT_BYTES)
            .read_to_end(&mut inflated)
        {
            Ok(_) => inflated.as_slice(),
            Err(_) => stream,
        };
        pdf_strings(content, &mut text);
        rest = &body[end + 9..];
    }
    text
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The words of a version, when any can be read.
pub fn text_of(format: ReportFormat, document: &[u8]) -> Option<String> {
    let text = match format {
        ReportFormat::Docx => {
            let xml = zip_member(document, "word/document.xml")?;
            word_text(&String::from_utf8_lossy(&xml))
        }
        ReportFormat::Pdf => pdf_text(document),
    };
    text.chars().any(char::is_alphabetic).then_some(text)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::{Compression, write::DeflateEncoder, write::ZlibEncoder};

    use super::*;

    /// A ZIP archive with one deflated member, as Word writes them.
    fn docx(xml: &str) -> Vec<u8> {
        let mut enc = DeflateEncoder::new(vec![], Compression::default());
        enc.write_all(xml.as_bytes()).unwrap();
        let data = enc.finish().unwrap();
        let name = b"word/document.xml";
        let n = |v: usize| u32::try_from(v).unwrap().to_le_bytes();
        let s = |v: usize| u16::try_from(v).unwrap().to_le_bytes();
        let mut zip = vec![];
        zip.extend_from_slice(
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00",
        );
        zip.extend_from_slice(&n(data.len()));
        zip.extend_from_slice(&n(xml.len()));
        zip.extend_from_slice(&s(name.len()));
        zip.extend_from_slice(&s(0));
        zip.extend_from_slice(name);
        zip.extend_from_slice(&data);
        let central = zip.len();
        zip.extend_from_slice(
            b"PK\x01\x02\x14\x00\x14\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00",
        );
        zip.extend_from_slice(&n(data.len()));
        zip.extend_from_slice(&n(xml.len()));
        zip.extend_from_slice(&s(name.len()));
        zip.extend_from_slice(&[0; 12]);
        zip.extend_from_slice(&n(0));
        zip.extend_from_slice(name);
        let size = zip.len() - central;
        zip.extend_from_slice(b"PK\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00");
        zip.extend_from_slice(&n(size));
        zip.extend_from_slice(&n(central));
        zip.extend_from_slice(&s(0));
        zip
    }

    #[test]
    fn a_word_documents_paragraphs_are_read_without_their_markup() {
        let xml = r#"<w:document><w:body><w:p><w:r><w:t>Child A &amp; Adult B</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">Lily </w:t></w:r><w:r><w:t>Smith</w:t></w:r></w:p></w:body></w:document>"#;
        let text = text_of(ReportFormat::Docx, &docx(xml)).unwrap();
        assert_eq!(text, "Child A & Adult B\nLily Smith\n");
        assert_eq!(text_of(ReportFormat::Docx, b"PK\x03\x04 not a zip"), None);
    }

    #[test]
    fn a_pdfs_shown_strings_are_read_from_plain_and_compressed_streams() {
        let page = b"BT /F1 12 Tf 72 700 Td (Child A was seen by Lily Smith\\)) Tj [(Adult) -250 (B)] TJ ET";
        let plain = [
            b"%PDF-1.7\n4 0 obj << >> stream\n".as_slice(),
            page,
            b"\nendstream endobj",
        ]
        .concat();
        let text = text_of(ReportFormat::Pdf, &plain).unwrap();
        assert!(text.contains("Lily Smith)"), "{text}");
        assert!(text.contains("Adult B"), "{text}");
        let mut z = ZlibEncoder::new(vec![], Compression::default());
        z.write_all(page).unwrap();
        let packed = [
            b"%PDF-1.7\n4 0 obj << /Filter /FlateDecode >> stream\r\n".as_slice(),
            &z.finish().unwrap(),
            b"\nendstream endobj",
        ]
        .concat();
        assert!(
            text_of(ReportFormat::Pdf, &packed)
                .unwrap()
                .contains("Lily Smith")
        );
        assert_eq!(text_of(ReportFormat::Pdf, b"%PDF-1.7\n%%EOF"), None);
    }
}
