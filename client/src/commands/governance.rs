//! What consortium members do: `member admit|revoke|status` (accounts a member admits within its quota, without a
//! vote) and `motion propose|vote|close|list` (everything else governance decides), with the vote threshold and the
//! bounds filled in.

use anyhow::{anyhow, bail, Context as _, Result};
use clap::Subcommand;
use codec::{Compact, Decode};
use serde_json::{json, Value};
use subxt::{ext::scale_encode::EncodeAsType, utils::MultiAddress};

use super::Context;
use crate::{
	chain::{api, AccountId, Chain, H256},
	output::{amount, hex0x, parse_amount, parse_duration, safe},
	resolve,
};

use api::runtime_types::{
	pallet_consortium::pallet::Call as ConsortiumCall,
	pallet_membership::pallet::Call as MembershipCall,
	pallet_micropay::{pallet::Call as MicropayCall, types::BrokerTerms},
	sigil_runtime::RuntimeCall,
	sp_weights::weight_v2::Weight,
};

type Motion = api::runtime_types::pallet_consortium_runtime_api::Motion<AccountId, u32, H256>;

#[derive(Subcommand)]
pub enum MemberCommand {
	/// Admit an account to sign transactions, within your quota as a member (no vote needed).
	Admit {
		/// The account (SS58 address).
		account: String,
		/// Also send it this many SGL from your account, for its fees and deposits.
		#[arg(long)]
		fund: Option<String>,
	},
	/// Revoke an account you admitted.
	Revoke { account: String },
	/// Your quota as a member, or whether and by whom ACCOUNT was admitted.
	Status { account: Option<String> },
	/// Vouch that ACCOUNT's owner receives mail at EMAIL (check it first, out of band): its claim becomes verified,
	/// and others can then name it by that address.
	VerifyEmail { account: String, email: String },
}

#[derive(Subcommand)]
pub enum MotionCommand {
	/// Propose a governance decision to the members (the threshold is filled in).
	#[command(subcommand)]
	Propose(Proposal),
	/// Vote on an open motion (by its hash, or the first hex digits of it, or its index).
	Vote {
		motion: String,
		#[arg(value_parser = ["aye", "nay"])]
		vote: String,
	},
	/// Close a motion that has its votes, or whose voting time is over; it executes if it passed.
	Close { motion: String },
	/// The open motions with their votes.
	List,
}

#[derive(Subcommand)]
pub enum Proposal {
	/// Let an account sign transactions.
	AdmitAccount { account: String },
	/// Refuse an account's transactions from now on.
	RevokeAccount { account: String },
	/// Make an account a consortium member.
	AddMember { account: String },
	/// Remove a consortium member.
	RemoveMember { account: String },
	/// Add a validator (it must have set its session keys).
	AddValidator { account: String },
	/// Remove a validator.
	RemoveValidator { account: String },
	/// Set how many accounts each member may admit by itself.
	SetAdmissionQuota { quota: u32 },
	/// Approve a micropayment broker with its terms.
	ApproveBroker {
		account: String,
		/// The broker's fee per coin, in SGL.
		#[arg(long)]
		fee: String,
		/// How long its coins are valid (e.g. 30d).
		#[arg(long)]
		validity: String,
		/// The highest value of one coin, in SGL.
		#[arg(long)]
		max_value: String,
	},
	/// Suspend a broker: it sells no more coins.
	SuspendBroker { account: String },
	/// Uphold a disputed double-spend proof against PAYER.
	UpholdDoubleSpend { payer: String, proof_hash: String },
	/// Dismiss a disputed double-spend proof against PAYER.
	DismissProof { payer: String, proof_hash: String },
	/// Authorise a runtime upgrade to the code with this blake2-256 hash (`scripts/runtime-hash` prints it).
	AuthorizeUpgrade { code_hash: String },
}

pub async fn member(ctx: &Context, command: MemberCommand) -> Result<()> {
	match command {
		MemberCommand::Admit { account, fund } => {
			let who = parse_account(&account)?;
			let fund = fund.as_deref().map(parse_amount).transpose()?;
			let wallet = ctx.wallet()?;
			let chain = ctx.chain().await?;
			let done =
				chain.submit(&api::tx().consortium().admit_as_member(who), &wallet.signer(), "member admit").await?;
			let admitted = done
				.events
				.find_first::<api::consortium::events::AccountAdmittedByMember>()
				.transpose()?
				.map(|event| event.admitted)
				.context("the account was admitted but the event is missing")?;
			if let Some(value) = fund {
				let call = api::tx().balances().transfer_keep_alive(MultiAddress::Id(who), value);
				chain.submit(&call, &wallet.signer(), "fund").await?;
			}
			let quota =
				chain.query(api::runtime_apis().consortium_api().member_admissions(wallet.account_id())).await?;
			ctx.out.emit(
				json!({ "account": who.to_string(), "funded": fund.map(|value| value.to_string()),
					"admitted": admitted, "quota": quota.quota, "block": done.block_number }),
				|| {
					format!(
						"Admitted {who} (block #{}){}. You have admitted {admitted} of your quota of {}.",
						done.block_number,
						fund.map(|value| format!(" and sent it {}", amount(value))).unwrap_or_default(),
						quota.quota
					)
				},
			);
			Ok(())
		}
		MemberCommand::Revoke { account } => {
			let who = parse_account(&account)?;
			let wallet = ctx.wallet()?;
			let chain = ctx.chain().await?;
			let done =
				chain.submit(&api::tx().consortium().revoke_as_member(who), &wallet.signer(), "member revoke").await?;
			ctx.out.emit(json!({ "account": who.to_string(), "revoked": true, "block": done.block_number }), || {
				format!("Revoked {who} (block #{}): its transactions are refused from now on.", done.block_number)
			});
			Ok(())
		}
		MemberCommand::VerifyEmail { account, email } => {
			let who = parse_account(&account)?;
			if !email.contains('@') {
				bail!("{email:?} is not an email address");
			}
			let wallet = ctx.wallet()?;
			let chain = ctx.chain().await?;
			let call = api::tx().key_ring().verify_email(who, resolve::email_hash(&email));
			let done = chain.submit(&call, &wallet.signer(), "member verify-email").await?;
			ctx.out.emit(json!({ "account": who.to_string(), "verified": true, "block": done.block_number }), || {
				format!("You vouched that {who} receives mail at {} (block #{})", email.trim(), done.block_number)
			});
			Ok(())
		}
		MemberCommand::Status { account: None } => {
			let wallet = ctx.wallet()?;
			let chain = ctx.chain().await?;
			let me = wallet.account_id();
			let quota = chain.query(api::runtime_apis().consortium_api().member_admissions(me)).await?;
			ctx.out.emit(
				json!({ "account": me.to_string(), "member": quota.is_member, "admittedCount": quota.admitted,
					"quota": quota.quota }),
				|| {
					if quota.is_member {
						format!(
							"You are a consortium member: you have admitted {} of your quota of {}.",
							quota.admitted, quota.quota
						)
					} else {
						"You are not a consortium member: only members admit accounts.".into()
					}
				},
			);
			Ok(())
		}
		MemberCommand::Status { account: Some(account) } => {
			let chain = ctx.chain().await?;
			let who = ctx.lookup(&chain, &account).await?;
			let apis = api::runtime_apis().consortium_api();
			let since = chain.query(apis.admission(who)).await?;
			let by = chain.query(api::runtime_apis().consortium_api().admitted_by(who)).await?;
			ctx.out.emit(
				json!({ "account": who.to_string(), "admitted": since.is_some(), "since": since,
					"admittedBy": by.as_ref().map(ToString::to_string) }),
				|| match (since, &by) {
					(None, _) => format!("{who} is not admitted: a member must admit it (`sigil member admit`)."),
					(Some(0), _) => format!("{who} is admitted since the genesis."),
					(Some(block), Some(member)) => {
						format!("{who} is admitted since block #{block}, by member {member}.")
					}
					(Some(block), None) => format!("{who} is admitted since block #{block}, by governance."),
				},
			);
			Ok(())
		}
	}
}

fn parse_account(text: &str) -> Result<AccountId> {
	text.trim().parse().map_err(|_| anyhow!("{text:?} is not an account address (SS58)"))
}

fn parse_hash(text: &str) -> Result<H256> {
	let bytes = hex::decode(text.trim().trim_start_matches("0x")).map_err(|_| anyhow!("{text:?} is not hex"))?;
	let bytes: [u8; 32] = bytes.try_into().map_err(|_| anyhow!("{text:?} is not a 32-byte hash"))?;
	Ok(H256(bytes))
}

/// The call a proposal stands for.
async fn proposal_call(ctx: &Context, chain: &Chain, proposal: Proposal) -> Result<RuntimeCall> {
	Ok(match proposal {
		Proposal::AdmitAccount { account } => {
			RuntimeCall::Consortium(ConsortiumCall::admit_account { account: ctx.target(chain, &account).await? })
		}
		Proposal::RevokeAccount { account } => {
			RuntimeCall::Consortium(ConsortiumCall::revoke_account { account: ctx.target(chain, &account).await? })
		}
		Proposal::AddMember { account } => RuntimeCall::ConsortiumMembers(MembershipCall::add_member {
			who: MultiAddress::Id(ctx.target(chain, &account).await?),
		}),
		Proposal::RemoveMember { account } => RuntimeCall::ConsortiumMembers(MembershipCall::remove_member {
			who: MultiAddress::Id(ctx.target(chain, &account).await?),
		}),
		Proposal::AddValidator { account } => {
			RuntimeCall::Consortium(ConsortiumCall::add_validator { validator: ctx.target(chain, &account).await? })
		}
		Proposal::RemoveValidator { account } => {
			RuntimeCall::Consortium(ConsortiumCall::remove_validator { validator: ctx.target(chain, &account).await? })
		}
		Proposal::SetAdmissionQuota { quota } => RuntimeCall::Consortium(ConsortiumCall::set_admission_quota { quota }),
		Proposal::ApproveBroker { account, fee, validity, max_value } => {
			RuntimeCall::Micropay(MicropayCall::approve_broker {
				broker: ctx.target(chain, &account).await?,
				terms: BrokerTerms {
					fee: parse_amount(&fee)?,
					validity: parse_duration(&validity)?,
					max_value: parse_amount(&max_value)?,
				},
			})
		}
		Proposal::SuspendBroker { account } => {
			RuntimeCall::Micropay(MicropayCall::suspend_broker { broker: ctx.target(chain, &account).await? })
		}
		Proposal::UpholdDoubleSpend { payer, proof_hash } => RuntimeCall::Micropay(MicropayCall::uphold_double_spend {
			payer: ctx.target(chain, &payer).await?,
			proof_hash: parse_hash(&proof_hash)?,
		}),
		Proposal::DismissProof { payer, proof_hash } => RuntimeCall::Micropay(MicropayCall::dismiss_proof {
			payer: ctx.target(chain, &payer).await?,
			proof_hash: parse_hash(&proof_hash)?,
		}),
		Proposal::AuthorizeUpgrade { code_hash } => {
			RuntimeCall::Consortium(ConsortiumCall::authorize_upgrade { code_hash: parse_hash(&code_hash)? })
		}
	})
}

pub async fn motion(ctx: &Context, command: MotionCommand) -> Result<()> {
	match command {
		MotionCommand::Propose(proposal) => propose(ctx, proposal).await,
		MotionCommand::Vote { motion, vote } => {
			let wallet = ctx.wallet()?;
			let chain = ctx.chain().await?;
			let found = find_motion(&chain, &motion).await?;
			let approve = vote == "aye";
			let call = api::tx().consortium_council().vote(found.hash, found.index, approve);
			let done = chain.submit(&call, &wallet.signer(), "motion vote").await?;
			ctx.out.emit(
				json!({ "motion": hex0x(found.hash.0), "index": found.index, "vote": vote, "block": done.block_number }),
				|| format!("Voted {vote} on motion {} (block #{})", motion_name(&found), done.block_number),
			);
			Ok(())
		}
		MotionCommand::Close { motion } => {
			let wallet = ctx.wallet()?;
			let chain = ctx.chain().await?;
			let found = find_motion(&chain, &motion).await?;
			let weight = call_weight(&chain, &found.call).await?;
			let length = u32::try_from(found.call.len()).context("the motion's call is too long")?;
			let call = api::tx().consortium_council().close(found.hash, found.index, weight, length);
			let done = chain.submit(&call, &wallet.signer(), "motion close").await?;
			let executed = done
				.events
				.find_first::<api::consortium_council::events::Executed>()
				.transpose()?
				.map(|event| event.result);
			let passed = executed.is_some();
			let succeeded = matches!(executed, Some(Ok(())));
			ctx.out.emit(
				json!({ "motion": hex0x(found.hash.0), "passed": passed, "executed": succeeded, "block": done.block_number }),
				|| match executed {
					Some(Ok(())) => {
						format!("Motion #{} passed and was executed (block #{})", found.index, done.block_number)
					}
					Some(Err(error)) => format!(
						"Motion #{} passed, but its call failed: {error:?} (block #{})",
						found.index, done.block_number
					),
					None => {
						format!("Motion #{} was closed without passing (block #{})", found.index, done.block_number)
					}
				},
			);
			Ok(())
		}
		MotionCommand::List => {
			let chain = ctx.chain().await?;
			let motions = chain.query(api::runtime_apis().consortium_api().motions()).await?;
			let members = chain.query(api::runtime_apis().consortium_api().members()).await?;
			ctx.out.emit(
				json!({ "members": members.members.len(), "ayesNeeded": members.ayes_needed,
					"motions": motions.iter().map(motion_json).collect::<Vec<_>>() }),
				|| {
					let mut text = format!(
						"{} open motion{} ({} members; a motion needs {} ayes)\n",
						motions.len(),
						if motions.len() == 1 { "" } else { "s" },
						members.members.len(),
						members.ayes_needed
					);
					for motion in &motions {
						text.push_str(&format!(
							"  {}  {} aye, {} nay of {} needed, voting ends at block #{}\n     {}\n",
							motion_name(motion),
							motion.ayes.len(),
							motion.nays.len(),
							motion.threshold,
							motion.end,
							hex0x(motion.hash.0)
						));
					}
					text
				},
			);
			Ok(())
		}
	}
}

async fn propose(ctx: &Context, proposal: Proposal) -> Result<()> {
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let call = proposal_call(ctx, &chain, proposal).await?;
	let at = chain.at_finalized().await?;
	let metadata = at.metadata();
	let mut encoded = Vec::new();
	call.encode_as_type_to(metadata.outer_enums().call_enum_ty(), metadata.types(), &mut encoded)
		.map_err(|error| anyhow!("cannot encode the proposal: {error}"))?;
	let length = u32::try_from(encoded.len()).context("the proposal is too long")?;
	let members = chain.query(api::runtime_apis().consortium_api().members()).await?;
	if !members.members.contains(&wallet.account_id()) {
		bail!("only consortium members propose motions");
	}
	let threshold = members.ayes_needed;
	let done = chain
		.submit(&api::tx().consortium_council().propose(threshold, call, length), &wallet.signer(), "motion propose")
		.await?;
	let proposed = done.events.find_first::<api::consortium_council::events::Proposed>().transpose()?;
	let executed = done.events.find_first::<api::consortium_council::events::Executed>().transpose()?;
	let json = json!({
		"motion": proposed.as_ref().map(|event| hex0x(event.proposal_hash.0)),
		"index": proposed.as_ref().map(|event| event.proposal_index),
		"threshold": threshold,
		"executed": executed.as_ref().map(|event| event.result.is_ok()),
		"block": done.block_number,
	});
	ctx.out.emit(json, || match (&proposed, &executed) {
		(_, Some(executed)) => format!(
			"With a threshold of {threshold}, the proposal was executed at once ({}) (block #{})",
			if executed.result.is_ok() { "it succeeded" } else { "its call failed" },
			done.block_number
		),
		(Some(proposed), None) => format!(
			"Proposed motion #{} ({}); it needs {threshold} ayes: members, you included, vote with `sigil motion vote {} \
			 aye`",
			proposed.proposal_index,
			hex0x(proposed.proposal_hash.0),
			proposed.proposal_index
		),
		(None, None) => format!("Proposed (block #{})", done.block_number),
	});
	Ok(())
}

fn motion_json(motion: &Motion) -> Value {
	json!({
		"hash": hex0x(motion.hash.0),
		"index": motion.index,
		"call": format!("{}.{}", String::from_utf8_lossy(&motion.pallet), String::from_utf8_lossy(&motion.function)),
		"threshold": motion.threshold,
		"ayes": motion.ayes.iter().map(ToString::to_string).collect::<Vec<_>>(),
		"nays": motion.nays.iter().map(ToString::to_string).collect::<Vec<_>>(),
		"end": motion.end,
	})
}

/// An open motion by its index (`3` or `#3`) or its hash (`0x...`, at least the first 4 hex digits).
async fn find_motion(chain: &Chain, wanted: &str) -> Result<Motion> {
	let motions = chain.query(api::runtime_apis().consortium_api().motions()).await?;
	let wanted = wanted.trim();
	let found: Vec<Motion> = if let Some(prefix) = wanted.strip_prefix("0x") {
		let prefix = prefix.to_ascii_lowercase();
		if prefix.len() < 4 {
			bail!("give at least 4 hex digits of the motion's hash");
		}
		motions.into_iter().filter(|motion| hex::encode(motion.hash.0).starts_with(&prefix)).collect()
	} else {
		let index: u32 = wanted
			.trim_start_matches('#')
			.parse()
			.map_err(|_| anyhow!("{wanted:?} is neither a motion's index nor its hash (0x...)"))?;
		motions.into_iter().filter(|motion| motion.index == index).collect()
	};
	match found.len() {
		0 => bail!("no open motion {wanted} (`sigil motion list`)"),
		1 => Ok(found.into_iter().next().ok_or_else(|| anyhow!("no open motion {wanted}"))?),
		_ => bail!("{wanted} names more than one motion: give more of the hash"),
	}
}

fn motion_name(motion: &Motion) -> String {
	format!(
		"#{} {}.{}",
		motion.index,
		safe(&String::from_utf8_lossy(&motion.pallet)),
		safe(&String::from_utf8_lossy(&motion.function))
	)
}

/// The weight of a call, as the runtime's transaction-payment API reports it: what `close` must allow.
async fn call_weight(chain: &Chain, call: &[u8]) -> Result<Weight> {
	let mut args = call.to_vec();
	codec::Encode::encode_to(&(call.len() as u32), &mut args);
	let info = chain.state_call("TransactionPaymentCallApi_query_call_info", &args).await?;
	// RuntimeDispatchInfo starts with the weight: ref_time and proof_size, both compact.
	let mut input = info.as_slice();
	let ref_time = Compact::<u64>::decode(&mut input).context("cannot read the call's weight")?.0;
	let proof_size = Compact::<u64>::decode(&mut input).context("cannot read the call's weight")?.0;
	Ok(Weight { ref_time, proof_size })
}
