//! What a key server request asks for: HKP's `/pks/lookup` (as `gpg --recv-keys`, `--search-keys` and
//! `--refresh-keys` send it) and keys.openpgp.org's VKS paths, read into a [`Lookup`] or refused with the status a
//! key server gives.

use sigil_primitives::ShortKeyId;

/// A key the request names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Search {
	/// A v4 fingerprint (40 hex digits in the request).
	Fingerprint([u8; 20]),
	/// A PGP key id: the fingerprint's last 8 bytes (16 hex digits).
	KeyId(ShortKeyId),
	/// An email address, trimmed and lower-cased as identities hash it.
	Email(String),
}

/// What to answer with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
	/// The armored keys (`op=get`, VKS).
	Keys,
	/// The machine-readable index (`op=index`, `op=vindex`).
	Index,
}

/// A request the key server answers from the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lookup {
	pub answer: Answer,
	pub search: Search,
}

/// A request refused before the chain is read: an HTTP status and the text to send with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
	pub status: u16,
	pub message: String,
}

impl Refusal {
	fn new(status: u16, message: impl Into<String>) -> Self {
		Self { status, message: message.into() }
	}

	fn bad_request(message: impl Into<String>) -> Self {
		Self::new(400, message)
	}
}

/// Reads a request's method, path and query string.
pub fn parse(method: &str, path: &str, query: Option<&str>) -> Result<Lookup, Refusal> {
	if path == "/pks/add" {
		return Err(Refusal::new(
			403,
			"This key server does not take uploads: it serves the OpenPGP keys their owners bound and published on \
			 the Sigil chain. Publish yours with `sigil key import-gpg FINGERPRINT --publish`.",
		));
	}
	let vks = path.strip_prefix("/vks/v1/");
	if path != "/pks/lookup" && vks.is_none() {
		return Err(Refusal::new(
			404,
			format!("{path}: no such page; this key server answers /pks/lookup and /vks/v1/"),
		));
	}
	if method != "GET" {
		return Err(Refusal::new(405, format!("{method}: lookups are GET requests")));
	}
	match vks {
		Some(rest) => vks_lookup(rest),
		None => hkp_lookup(query.unwrap_or("")),
	}
}

/// `/pks/lookup?op=get|index|vindex&search=...` (other parameters, such as `options=mr`, are accepted and change
/// nothing: the index is always machine-readable).
fn hkp_lookup(query: &str) -> Result<Lookup, Refusal> {
	let mut op = None;
	let mut search = None;
	for (name, value) in form_urlencoded::parse(query.as_bytes()) {
		match &*name {
			"op" => op = Some(value.into_owned()),
			"search" => search = Some(value.into_owned()),
			_ => {}
		}
	}
	let answer = match op.as_deref() {
		Some("get") => Answer::Keys,
		Some("index" | "vindex") => Answer::Index,
		Some(other) => return Err(Refusal::new(501, format!("op={other} is not supported: use get, index or vindex"))),
		None => return Err(Refusal::bad_request("Missing op: use op=get, op=index or op=vindex")),
	};
	let search = search.filter(|search| !search.trim().is_empty()).ok_or_else(|| {
		Refusal::bad_request("Missing search: give a fingerprint, a key id (0x and 16 hex digits) or an email address")
	})?;
	Ok(Lookup { answer, search: hkp_search(&search)? })
}

/// An HKP `search` value: `0x` and 40 hex digits (a fingerprint) or 16 (a key id), or an email address, bare or
/// as a user ID's `Name <address>`.
fn hkp_search(search: &str) -> Result<Search, Refusal> {
	let search = search.trim();
	if search.contains('@') {
		let address = match (search.rfind('<'), search.rfind('>')) {
			(Some(open), Some(close)) if open < close => &search[open + 1..close],
			_ => search,
		};
		return email(address);
	}
	let digits = search.strip_prefix("0x").or_else(|| search.strip_prefix("0X")).unwrap_or(search);
	hex_id(digits)
}

/// `/vks/v1/by-fingerprint/FPR`, `/vks/v1/by-keyid/KEYID`, `/vks/v1/by-email/ADDRESS` (percent-encoded).
fn vks_lookup(rest: &str) -> Result<Lookup, Refusal> {
	let (kind, value) = rest.split_once('/').unwrap_or((rest, ""));
	let search = match kind {
		"by-fingerprint" if value.len() == 40 => hex_id(value)?,
		"by-fingerprint" => return Err(Refusal::bad_request("A fingerprint is 40 hex digits")),
		"by-keyid" if value.len() == 16 => hex_id(value)?,
		"by-keyid" => return Err(Refusal::bad_request("A key id is 16 hex digits")),
		"by-email" => {
			let address = percent_encoding::percent_decode_str(value)
				.decode_utf8()
				.map_err(|_| Refusal::bad_request("The email address is not UTF-8"))?;
			email(&address)?
		}
		_ => {
			return Err(Refusal::new(
				404,
				format!("/vks/v1/{kind}: no such page; use by-fingerprint, by-keyid or by-email"),
			))
		}
	};
	Ok(Lookup { answer: Answer::Keys, search })
}

/// A fingerprint or key id in hex.
fn hex_id(digits: &str) -> Result<Search, Refusal> {
	let bytes = hex::decode(digits).map_err(|_| {
		Refusal::bad_request(format!(
			"{digits}: not a fingerprint, key id or email address (search by name is not supported)"
		))
	})?;
	match bytes.len() {
		20 => Ok(Search::Fingerprint(bytes.try_into().expect("20 bytes"))),
		8 => Ok(Search::KeyId(ShortKeyId(bytes.try_into().expect("8 bytes")))),
		4 => Err(Refusal::bad_request(
			"Short key ids (8 hex digits) are ambiguous and not supported: use the 16-digit key id or the fingerprint",
		)),
		_ => Err(Refusal::bad_request(format!("{digits}: a fingerprint is 40 hex digits, a key id 16"))),
	}
}

/// An email address as identities hash it: trimmed, lower-cased.
fn email(address: &str) -> Result<Search, Refusal> {
	let address = address.trim().to_lowercase();
	match address.split_once('@') {
		Some((local, domain)) if !local.is_empty() && !domain.is_empty() && !address.contains(char::is_whitespace) => {
			Ok(Search::Email(address))
		}
		_ => Err(Refusal::bad_request(format!("{address}: not an email address"))),
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const FPR: &str = "0123456789ABCDEF0123456789ABCDEF01234567";

	fn fingerprint() -> Search {
		Search::Fingerprint(hex::decode(FPR).unwrap().try_into().unwrap())
	}

	fn get(query: &str) -> Result<Lookup, Refusal> {
		parse("GET", "/pks/lookup", Some(query))
	}

	fn status(result: Result<Lookup, Refusal>) -> u16 {
		result.expect_err("refused").status
	}

	#[test]
	fn hkp_lookups_as_gpg_sends_them() {
		// gpg --recv-keys FPR, --refresh-keys, --search-keys ADDRESS.
		assert_eq!(
			get(&format!("op=get&options=mr&search=0x{FPR}")),
			Ok(Lookup { answer: Answer::Keys, search: fingerprint() })
		);
		assert_eq!(
			get("op=get&options=mr&search=0x89ABCDEF01234567"),
			Ok(Lookup {
				answer: Answer::Keys,
				search: Search::KeyId(ShortKeyId(hex::decode("89ABCDEF01234567").unwrap().try_into().unwrap()))
			})
		);
		let alice = Lookup { answer: Answer::Index, search: Search::Email("alice@example.org".into()) };
		assert_eq!(get("op=index&options=mr&search=alice%40example.org"), Ok(alice.clone()));
		assert_eq!(get("op=vindex&search=Alice+%3CAlice%40Example.org%3E"), Ok(alice.clone()));
		assert_eq!(get(&format!("search={}&op=get", FPR.to_lowercase())).map(|l| l.search), Ok(fingerprint()));
	}

	#[test]
	fn vks_lookups() {
		let keys = |search| Ok(Lookup { answer: Answer::Keys, search });
		assert_eq!(parse("GET", &format!("/vks/v1/by-fingerprint/{FPR}"), None), keys(fingerprint()));
		assert_eq!(
			parse("GET", "/vks/v1/by-keyid/89ABCDEF01234567", None),
			keys(Search::KeyId(ShortKeyId(hex::decode("89ABCDEF01234567").unwrap().try_into().unwrap())))
		);
		assert_eq!(
			parse("GET", "/vks/v1/by-email/bob%40example.org", None),
			keys(Search::Email("bob@example.org".into()))
		);
	}

	#[test]
	fn malformed_requests_get_the_status_a_key_server_gives() {
		assert_eq!(status(get("search=0x0123")), 400, "no op");
		assert_eq!(status(get("op=get")), 400, "no search");
		assert_eq!(status(get("op=get&search=+")), 400, "empty search");
		assert_eq!(status(get("op=stats")), 501);
		assert_eq!(status(get("op=get&search=0x89ABCDEF")), 400, "32-bit key id");
		assert_eq!(status(get("op=get&search=0x0123456789")), 400, "odd length");
		assert_eq!(status(get("op=index&search=Alice")), 400, "names are not searched");
		assert_eq!(status(get("op=index&search=%40example.org")), 400, "no local part");
		assert_eq!(status(parse("GET", "/vks/v1/by-fingerprint/0123", None)), 400);
		assert_eq!(status(parse("GET", &format!("/vks/v1/by-fingerprint/0x{}", &FPR[2..]), None)), 400);
		assert_eq!(status(parse("GET", "/vks/v1/by-keyid/", None)), 400);
		assert_eq!(status(parse("GET", "/vks/v1/by-email/%FF%40x", None)), 400);
		assert_eq!(status(parse("GET", "/vks/v1/upload", None)), 404);
		assert_eq!(status(parse("GET", "/", None)), 404);
		assert_eq!(status(parse("DELETE", "/pks/lookup", Some("op=get&search=alice@example.org"))), 405);
	}

	#[test]
	fn uploads_are_refused_with_the_way_to_publish() {
		let refusal = parse("POST", "/pks/add", None).expect_err("refused");
		assert_eq!(refusal.status, 403);
		assert!(refusal.message.contains("sigil key import-gpg"), "{}", refusal.message);
	}
}
