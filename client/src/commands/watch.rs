//! `sigil watch`: finalized events as they come, one line each (or one JSON object per line), until interrupted.
//! Fields are rendered from the metadata's types, so that accounts read as addresses and hashes as hex whatever the
//! event.

use std::io::Write;

use anyhow::{Context as _, Result};
use clap::Args;
use scale_info::{PortableRegistry, TypeDef};
use serde_json::{json, Map, Value as Json};
use subxt::{
	ext::scale_value::{self, Composite, Primitive, Value, ValueDef},
	utils::AccountId32,
};

use super::Context;
use crate::{
	chain::AccountId,
	output::{hex0x, safe},
};

/// The pallets whose events `watch` shows unless `--all` is given: Sigil's and the consortium's governance.
const SIGIL_PALLETS: &[&str] = &[
	"KeyRing",
	"OwnerTrust",
	"Messages",
	"Documents",
	"Micropay",
	"Consortium",
	"ConsortiumCouncil",
	"ConsortiumMembers",
];

#[derive(Args)]
pub struct WatchArgs {
	/// Only events that name this account (account, email address or key id).
	#[arg(long)]
	about: Option<String>,
	/// Only events that name your own account (opens the key ring).
	#[arg(long, conflicts_with = "about")]
	mine: bool,
	/// Every pallet's events, not only Sigil's and governance's.
	#[arg(long)]
	all: bool,
}

pub async fn run(ctx: &Context, args: WatchArgs) -> Result<()> {
	let chain = ctx.chain().await?;
	let about: Option<AccountId> = match (&args.about, args.mine) {
		(Some(who), _) => Some(ctx.lookup(&chain, who).await?),
		(None, true) => Some(ctx.wallet()?.account_id()),
		(None, false) => None,
	};
	let mut blocks = chain.client().stream_blocks().await.context("cannot follow the chain's finalized blocks")?;
	// On stderr in both modes: scripts reading the JSON lines on stdout may wait for it.
	eprintln!("Following finalized blocks at {} (Ctrl-C to stop)", ctx.url);
	let interrupted = tokio::signal::ctrl_c();
	tokio::pin!(interrupted);
	let mut stdout = std::io::stdout();
	loop {
		let block = tokio::select! {
			block = blocks.next() => block,
			_ = &mut interrupted => return Ok(()),
		};
		let Some(block) = block else { anyhow::bail!("the node stopped sending blocks") };
		let block = block.context("lost the stream of finalized blocks")?;
		let number = block.number();
		let at = block.at().await.context("cannot read a finalized block")?;
		let metadata = at.metadata();
		let events = at.events().fetch().await.context("cannot read a block's events")?;
		for event in events.iter() {
			let event = event.context("cannot decode an event")?;
			let (pallet, name) = (event.pallet_name(), event.event_name());
			if !args.all && !SIGIL_PALLETS.contains(&pallet) {
				continue;
			}
			let fields = decode_fields(&metadata, event.pallet_name(), event.event_index(), event.field_bytes());
			if let Some(about) = &about {
				if !fields.iter().any(|(_, value)| names_account(value, about)) {
					continue;
				}
			}
			let line = if ctx.out.is_json() {
				let object: Map<String, Json> =
					fields.iter().map(|(name, value)| (name.clone(), to_json(value))).collect();
				json!({ "block": number, "pallet": pallet, "event": name, "fields": object }).to_string()
			} else {
				let text: Vec<String> =
					fields.iter().map(|(name, value)| format!("{name}: {}", to_text(value))).collect();
				format!("#{number} {pallet}.{name} {}", text.join(", "))
			};
			// A reader that went away (`sigil watch | head`) ends the watch quietly.
			if writeln!(stdout, "{line}").and_then(|()| stdout.flush()).is_err() {
				return Ok(());
			}
		}
	}
}

/// A value decoded with its type's meaning: what an account, a hash or a byte string is.
enum Field {
	Account(AccountId),
	Hash([u8; 32]),
	Bytes(Vec<u8>),
	Number(String),
	Bool(bool),
	Text(String),
	Variant(String, Vec<(String, Field)>),
	List(Vec<Field>),
	Record(Vec<(String, Field)>),
}

fn decode_fields(
	metadata: &subxt::metadata::Metadata,
	pallet: &str,
	event_index: u8,
	mut bytes: &[u8],
) -> Vec<(String, Field)> {
	let Some(variant) = metadata.pallet_by_name(pallet).and_then(|pallet| pallet.event_variant_by_index(event_index))
	else {
		return vec![("bytes".into(), Field::Bytes(bytes.to_vec()))];
	};
	let types = metadata.types();
	let mut fields = Vec::new();
	for (index, field) in variant.fields.iter().enumerate() {
		let name = field.name.clone().unwrap_or_else(|| index.to_string());
		match scale_value::scale::decode_as_type(&mut bytes, field.ty.id, types) {
			Ok(value) => fields.push((name, interpret(&value, types))),
			Err(_) => return fields,
		}
	}
	fields
}

/// Gives a decoded value its meaning from the type registry.
fn interpret(value: &Value<u32>, types: &PortableRegistry) -> Field {
	let ty = types.resolve(value.context);
	let path = ty.map(|ty| ty.path.segments.join("::")).unwrap_or_default();
	if path.ends_with("AccountId32") {
		if let Some(bytes) = byte_array(value) {
			return Field::Account(AccountId32(bytes));
		}
	}
	if path.ends_with("H256") {
		if let Some(bytes) = byte_array(value) {
			return Field::Hash(bytes);
		}
	}
	if let Some(bytes) = byte_string(value, types) {
		return Field::Bytes(bytes);
	}
	match &value.value {
		ValueDef::Primitive(Primitive::Bool(flag)) => Field::Bool(*flag),
		ValueDef::Primitive(Primitive::U128(number)) => Field::Number(number.to_string()),
		ValueDef::Primitive(Primitive::I128(number)) => Field::Number(number.to_string()),
		ValueDef::Primitive(Primitive::String(text)) => Field::Text(text.clone()),
		ValueDef::Primitive(other) => Field::Text(format!("{other:?}")),
		ValueDef::BitSequence(bits) => Field::Text(format!("{bits:?}")),
		ValueDef::Variant(variant) => Field::Variant(variant.name.clone(), composite(&variant.values, types)),
		ValueDef::Composite(Composite::Named(fields)) => {
			Field::Record(fields.iter().map(|(name, value)| (name.clone(), interpret(value, types))).collect())
		}
		ValueDef::Composite(Composite::Unnamed(values)) => {
			// A one-field wrapper (a newtype, Static, BoundedVec) reads as what it wraps.
			if values.len() == 1 && !matches!(ty.map(|ty| &ty.type_def), Some(TypeDef::Sequence(_) | TypeDef::Array(_)))
			{
				return interpret(&values[0], types);
			}
			Field::List(values.iter().map(|value| interpret(value, types)).collect())
		}
	}
}

fn composite(values: &Composite<u32>, types: &PortableRegistry) -> Vec<(String, Field)> {
	match values {
		Composite::Named(fields) => {
			fields.iter().map(|(name, value)| (name.clone(), interpret(value, types))).collect()
		}
		Composite::Unnamed(values) => {
			values.iter().enumerate().map(|(index, value)| (index.to_string(), interpret(value, types))).collect()
		}
	}
}

/// The 32 bytes of an account or hash, however deep in wrappers.
fn byte_array(value: &Value<u32>) -> Option<[u8; 32]> {
	let bytes = flat_bytes(value)?;
	bytes.try_into().ok()
}

/// A `Vec<u8>` (or bounded vec of u8) as bytes.
fn byte_string(value: &Value<u32>, types: &PortableRegistry) -> Option<Vec<u8>> {
	let ty = types.resolve(value.context)?;
	let is_bytes = |id: u32| {
		types
			.resolve(id)
			.is_some_and(|inner| matches!(inner.type_def, TypeDef::Primitive(scale_info::TypeDefPrimitive::U8)))
	};
	match &ty.type_def {
		TypeDef::Sequence(sequence) if is_bytes(sequence.type_param.id) => flat_bytes(value),
		TypeDef::Composite(inner) if ty.path.segments.last().is_some_and(|name| name.contains("BoundedVec")) => {
			let field = inner.fields.first()?;
			match &types.resolve(field.ty.id)?.type_def {
				TypeDef::Sequence(sequence) if is_bytes(sequence.type_param.id) => flat_bytes(value),
				_ => None,
			}
		}
		_ => None,
	}
}

fn flat_bytes(value: &Value<u32>) -> Option<Vec<u8>> {
	match &value.value {
		ValueDef::Composite(Composite::Unnamed(values)) => {
			if values.len() == 1 {
				if let ValueDef::Composite(_) = values[0].value {
					return flat_bytes(&values[0]);
				}
			}
			values
				.iter()
				.map(|value| match value.value {
					ValueDef::Primitive(Primitive::U128(byte)) => u8::try_from(byte).ok(),
					_ => None,
				})
				.collect()
		}
		_ => None,
	}
}

fn names_account(field: &Field, account: &AccountId) -> bool {
	match field {
		Field::Account(found) => found == account,
		Field::Variant(_, fields) | Field::Record(fields) => {
			fields.iter().any(|(_, field)| names_account(field, account))
		}
		Field::List(fields) => fields.iter().any(|field| names_account(field, account)),
		_ => false,
	}
}

fn bytes_text(bytes: &[u8]) -> String {
	match std::str::from_utf8(bytes) {
		Ok(text) if !text.is_empty() && text.chars().all(|c| !c.is_control()) => format!("\"{}\"", safe(text)),
		_ => hex0x(bytes),
	}
}

fn to_text(field: &Field) -> String {
	match field {
		Field::Account(account) => account.to_string(),
		Field::Hash(hash) => hex0x(hash),
		Field::Bytes(bytes) => bytes_text(bytes),
		Field::Number(number) => number.clone(),
		Field::Bool(flag) => flag.to_string(),
		Field::Text(text) => safe(text),
		Field::Variant(name, fields) if fields.is_empty() => name.clone(),
		Field::Variant(name, fields) => format!("{name}({})", record_text(fields)),
		Field::List(fields) => format!("[{}]", fields.iter().map(to_text).collect::<Vec<_>>().join(", ")),
		Field::Record(fields) => format!("{{{}}}", record_text(fields)),
	}
}

fn record_text(fields: &[(String, Field)]) -> String {
	fields.iter().map(|(name, field)| format!("{name}: {}", to_text(field))).collect::<Vec<_>>().join(", ")
}

fn to_json(field: &Field) -> Json {
	match field {
		Field::Account(account) => json!(account.to_string()),
		Field::Hash(hash) => json!(hex0x(hash)),
		Field::Bytes(bytes) => json!(hex0x(bytes)),
		Field::Number(number) => json!(number),
		Field::Bool(flag) => json!(flag),
		Field::Text(text) => json!(text),
		Field::Variant(name, fields) if fields.is_empty() => json!(name),
		Field::Variant(name, fields) => {
			let object: Map<String, Json> = fields.iter().map(|(key, value)| (key.clone(), to_json(value))).collect();
			json!({ name: object })
		}
		Field::List(fields) => Json::Array(fields.iter().map(to_json).collect()),
		Field::Record(fields) => {
			Json::Object(fields.iter().map(|(key, value)| (key.clone(), to_json(value))).collect())
		}
	}
}
