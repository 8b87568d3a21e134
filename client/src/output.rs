//! What the client prints: sentences and tables for people, or one JSON document for scripts (`--json`).

use serde_json::Value;

/// The token's symbol and decimals, as the chain specs' properties give them.
pub const TOKEN_SYMBOL: &str = "SGL";
pub const TOKEN_DECIMALS: u32 = 12;

#[derive(Clone)]
pub struct Output {
	json: bool,
}

impl Output {
	pub fn new(json: bool) -> Self {
		Self { json }
	}

	pub fn is_json(&self) -> bool {
		self.json
	}

	/// Prints a command's result: `json` with `--json`, the text `human` makes otherwise.
	pub fn emit(&self, json: Value, human: impl FnOnce() -> String) {
		if self.json {
			println!("{json}");
		} else {
			let text = human();
			if !text.is_empty() {
				println!("{}", text.trim_end());
			}
		}
	}

	/// Prints why a command failed: on stderr, and as `{"error": ...}` on stdout with `--json`.
	pub fn error(&self, error: &anyhow::Error) {
		let message = error.chain().map(ToString::to_string).collect::<Vec<_>>().join(": ");
		if self.json {
			println!("{}", serde_json::json!({ "error": message }));
		}
		eprintln!("sigil: {message}");
	}
}

/// An amount of the chain's smallest units as tokens: `1.5 SGL`.
pub fn amount(units: u128) -> String {
	let unit = 10u128.pow(TOKEN_DECIMALS);
	let whole = units / unit;
	let fraction = units % unit;
	if fraction == 0 {
		return format!("{whole} {TOKEN_SYMBOL}");
	}
	let digits = format!("{fraction:0width$}", width = TOKEN_DECIMALS as usize);
	format!("{whole}.{} {TOKEN_SYMBOL}", digits.trim_end_matches('0'))
}

/// Tokens as written by a person (`1.5`, `0.001`, `2 SGL`) in the chain's smallest units.
pub fn parse_amount(text: &str) -> anyhow::Result<u128> {
	let text = text.trim().trim_end_matches(TOKEN_SYMBOL).trim();
	let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
	let bad = || anyhow::anyhow!("{text:?} is not an amount of {TOKEN_SYMBOL} (e.g. 1.5)");
	if whole.is_empty() && fraction.is_empty()
		|| !whole.chars().all(|c| c.is_ascii_digit())
		|| !fraction.chars().all(|c| c.is_ascii_digit())
		|| fraction.len() > TOKEN_DECIMALS as usize
	{
		return Err(bad());
	}
	let unit = 10u128.pow(TOKEN_DECIMALS);
	let whole: u128 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
	let fraction_units: u128 = if fraction.is_empty() {
		0
	} else {
		fraction.parse::<u128>().map_err(|_| bad())? * 10u128.pow(TOKEN_DECIMALS - fraction.len() as u32)
	};
	whole.checked_mul(unit).and_then(|units| units.checked_add(fraction_units)).ok_or_else(bad)
}

/// A moment in milliseconds since the Unix epoch as a UTC date and time: `2026-12-01 13:05:03 UTC`.
pub fn time(ms: u64) -> String {
	let seconds = ms / 1000;
	let (days, in_day) = (seconds / 86_400, seconds % 86_400);
	let (year, month, day) = civil_from_days(days as i64);
	format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC", in_day / 3600, in_day % 3600 / 60, in_day % 60)
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
	let z = days + 719_468;
	let era = z.div_euclid(146_097);
	let doe = z.rem_euclid(146_097);
	let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
	let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	let mp = (5 * doy + 2) / 153;
	let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
	let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
	let year = yoe + era * 400 + i64::from(month <= 2);
	(year, month, day)
}

/// A duration as a person writes it (`90s`, `30m`, `12h`, `7d`, `2w`) in milliseconds.
pub fn parse_duration(text: &str) -> anyhow::Result<u64> {
	let text = text.trim();
	let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
	let (number, unit) = text.split_at(split);
	let number: u64 =
		number.parse().map_err(|_| anyhow::anyhow!("{text:?} is not a duration (e.g. 90s, 30m, 12h, 7d, 2w)"))?;
	let unit_ms: u64 = match unit {
		"s" => 1_000,
		"m" => 60_000,
		"h" => 3_600_000,
		"d" => 86_400_000,
		"w" => 7 * 86_400_000,
		_ => anyhow::bail!("{text:?} is not a duration (e.g. 90s, 30m, 12h, 7d, 2w)"),
	};
	number.checked_mul(unit_ms).ok_or_else(|| anyhow::anyhow!("{text:?} is too long a duration"))
}

/// Text from the chain (a display name, a reason, a motion's call name), made safe to print on a terminal: control
/// characters and the invisible formatting characters that reorder or hide text are printed as escapes, so that what
/// someone wrote on chain cannot move the cursor, recolour or rewrite the lines around it, or pass for something else.
pub fn safe(text: &str) -> String {
	escape(text, false)
}

/// As [`safe`], but keeping line breaks and tabs: for a message body shown whole.
pub fn safe_multiline(text: &str) -> String {
	escape(text, true)
}

fn escape(text: &str, multiline: bool) -> String {
	let mut escaped = String::with_capacity(text.len());
	for c in text.chars() {
		let layout = multiline && (c == '\n' || c == '\t');
		if !layout && (c.is_control() || is_invisible_format(c)) {
			escaped.extend(c.escape_unicode());
		} else {
			escaped.push(c);
		}
	}
	escaped
}

/// Unicode format characters that change how the text around them is shown: bidirectional controls, zero-width
/// characters, the soft hyphen and the byte-order mark.
fn is_invisible_format(c: char) -> bool {
	matches!(c, '\u{00AD}' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Hex with the 0x prefix.
pub fn hex0x(bytes: impl AsRef<[u8]>) -> String {
	format!("0x{}", hex::encode(bytes))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_round_trip() {
		assert_eq!(amount(1_500_000_000_000), "1.5 SGL");
		assert_eq!(amount(1_000_000_000_000), "1 SGL");
		assert_eq!(amount(1), "0.000000000001 SGL");
		assert_eq!(parse_amount("1.5").unwrap(), 1_500_000_000_000);
		assert_eq!(parse_amount("2 SGL").unwrap(), 2_000_000_000_000);
		assert_eq!(parse_amount(".001").unwrap(), 1_000_000_000);
		for bad in ["", ".", "1.2.3", "-1", "1e3", "0.0000000000001", "999999999999999999999999999999999"] {
			assert!(parse_amount(bad).is_err(), "{bad}");
		}
	}

	#[test]
	fn times_are_utc_dates() {
		assert_eq!(time(0), "1970-01-01 00:00:00 UTC");
		assert_eq!(time(1_700_000_000_000), "2023-11-14 22:13:20 UTC");
		assert_eq!(time(951_782_400_000), "2000-02-29 00:00:00 UTC");
	}

	#[test]
	fn text_from_the_chain_cannot_steer_the_terminal() {
		assert_eq!(safe("Alice"), "Alice");
		assert_eq!(safe("Zoë 李"), "Zoë 李");
		// An ANSI colour, a carriage return that would overwrite the line, and a right-to-left override.
		assert_eq!(safe("\u{1b}[32mverified"), "\\u{1b}[32mverified");
		assert_eq!(safe("Mallory\rAlice"), "Mallory\\u{d}Alice");
		assert_eq!(safe("abc\u{202e}fed"), "abc\\u{202e}fed");
		assert_eq!(safe("two\nlines"), "two\\u{a}lines");
		assert_eq!(safe_multiline("two\nlines\tand a tab"), "two\nlines\tand a tab");
		assert_eq!(safe_multiline("\u{1b}]52;c;aGk=\u{7}"), "\\u{1b}]52;c;aGk=\\u{7}");
	}

	#[test]
	fn durations() {
		assert_eq!(parse_duration("90s").unwrap(), 90_000);
		assert_eq!(parse_duration("7d").unwrap(), 604_800_000);
		assert!(parse_duration("7").is_err());
		assert!(parse_duration("d").is_err());
		assert!(parse_duration("7y").is_err());
	}
}
