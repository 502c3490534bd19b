//! A page link read on the command line (`w2s figure --from-url LINK`): the
//! fields of its hash, percent-decoded, so that a figure on a slide is drawn
//! at exactly the state the page showed. Which fields mean what is decided
//! by the caller; this only splits and decodes.

/// The `key=value` fields after the link's `#`, in order.
pub fn fields(link: &str) -> Result<Vec<(String, String)>, String> {
    let (_, hash) = link.split_once('#').ok_or_else(|| {
        format!(
            "--from-url '{}' has no '#': copy the page's address with its state \
             (the part after #)",
            cut(link)
        )
    })?;
    hash.split('&')
        .filter(|f| !f.is_empty())
        .map(|f| {
            let (k, v) = f.split_once('=').unwrap_or((f, ""));
            Ok((decode(k)?, decode(v)?))
        })
        .collect()
}

/// A key or value as the page wrote it (URLSearchParams: `+` is a space,
/// `%XX` a byte of UTF-8).
fn decode(text: &str) -> Result<String, String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        rest = tail;
        match b {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = rest
                    .get(..2)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| format!("--from-url: '{}' has a broken %-escape", cut(text)))?;
                bytes.push(hex);
                rest = &rest[2..];
            }
            _ => bytes.push(b),
        }
    }
    String::from_utf8(bytes).map_err(|_| format!("--from-url: '{}' is not UTF-8", cut(text)))
}

/// At most 60 characters of a text for a message (a link can be long).
fn cut(text: &str) -> String {
    let mut s: String = text.chars().take(60).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::fields;

    #[test]
    fn a_page_link_splits_into_its_decoded_fields() {
        let f = fields(
            "http://127.0.0.1:8000/index.html#eta-l=0.1&law=mixture&embed=eta-u&c=a+b%C3%A9",
        )
        .unwrap();
        let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [
                ("eta-l", "0.1"),
                ("law", "mixture"),
                ("embed", "eta-u"),
                ("c", "a bé")
            ]
        );
        assert!(fields("no hash here").unwrap_err().contains("no '#'"));
        assert!(fields("x#a=%zz").unwrap_err().contains("%-escape"));
        assert!(fields("x#a=%e").unwrap_err().contains("%-escape"));
        assert!(fields("x#a=%ff").unwrap_err().contains("UTF-8"));
    }
}
