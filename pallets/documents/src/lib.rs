#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod tests;
#[cfg(any(test, feature = "try-runtime"))]
mod try_state;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::{boxed::Box, vec::Vec};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		Time,
	},
};
use frame_system::pallet_prelude::*;
use sigil_primitives::{DocumentPayload, KeyId, KeyRing, KeySignature, Moment, SigningContext};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError,
};

/// An amount of [`Config::Currency`], which holds the deposits, in its smallest unit.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// An attestation as the runtime stores it in [`Attestations`].
pub type AttestationOf<T> = AttestationRecord<BlockNumberFor<T>, BalanceOf<T>, <T as Config>::MaxReasonLength>;
/// An agreement as the runtime stores it in [`Agreements`].
pub type AgreementOf<T> =
	AgreementRecord<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, BalanceOf<T>, <T as Config>::MaxSigners>;

/// An agreement's id: its place in the order agreements were created in.
pub type AgreementId = u64;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>, Hash = H256> {
		/// Holds the deposits.
		type Currency: Mutate<Self::AccountId> + MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Identities and the keys documents are signed with.
		type KeyRing: KeyRing<Self::AccountId>;

		/// The chain's clock, in milliseconds, to which key lifetimes are compared.
		type Time: Time<Moment = Moment>;

		/// Held from the signer per attestation, for good: the record stays verifiable forever.
		#[pallet::constant]
		type AttestationDeposit: Get<BalanceOf<Self>>;

		/// Held from the creator per agreement, for good.
		#[pallet::constant]
		type AgreementDeposit: Get<BalanceOf<Self>>;

		/// The most signers an agreement may require.
		#[pallet::constant]
		type MaxSigners: Get<u32>;

		/// The longest revocation reason, in bytes.
		#[pallet::constant]
		type MaxReasonLength: Get<u32>;

		/// The most pending or completed agreements one creator may have over one document hash. The bound is
		/// per creator so that no one can use up another creator's agreements over a document (hashes are public:
		/// anyone can read them from the transaction pool); an expired agreement frees its slot.
		#[pallet::constant]
		type MaxAgreementsPerCreator: Get<u32>;

		/// The most agreements whose deadline may end in the same block.
		#[pallet::constant]
		type MaxExpiriesPerBlock: Get<u32>;

		/// How far ahead an agreement's deadline may be, in blocks.
		#[pallet::constant]
		type MaxAgreementDuration: Get<BlockNumberFor<Self>>;

		/// The weights of the calls and of the expiry hook.
		type WeightInfo: WeightInfo;
	}

	/// Version 2: agreements are listed per (document, creator) in `DocumentAgreements`, expired ones are not
	/// listed, and attestations per document are no longer counted (see [`crate::migrations::v2`]).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An attestation's deposit.
		AttestationDeposit,
		/// An agreement's deposit.
		AgreementDeposit,
	}

	/// Keys: document hash, signer. Value: the attestation. Blake2_128Concat: both are chosen by users. One per
	/// signer and document, with its deposit, and no bound per document: a bound shared by every signer could be
	/// used up by strangers.
	#[pallet::storage]
	pub type Attestations<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, H256, Blake2_128Concat, T::AccountId, AttestationOf<T>>;

	/// The id the next agreement gets.
	#[pallet::storage]
	pub type NextAgreementId<T: Config> = StorageValue<_, AgreementId, ValueQuery>;

	/// Key: agreement id. Value: the agreement. Twox64Concat: ids are assigned by the chain.
	#[pallet::storage]
	pub type Agreements<T: Config> = StorageMap<_, Twox64Concat, AgreementId, AgreementOf<T>>;

	/// Keys: document hash, creator. Value: the ids of the creator's pending and completed agreements over the
	/// document, oldest first; an agreement leaves the list when it expires. Blake2_128Concat: both are chosen by
	/// users.
	#[pallet::storage]
	pub type DocumentAgreements<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		H256,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<AgreementId, T::MaxAgreementsPerCreator>,
		ValueQuery,
	>;

	/// Key: block number. Value: the agreements that expire at the start of that block (their deadline + 1) unless
	/// completed by then.
	#[pallet::storage]
	pub type ExpiryQueue<T: Config> =
		StorageMap<_, Twox64Concat, BlockNumberFor<T>, BoundedVec<AgreementId, T::MaxExpiriesPerBlock>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `signer` attested the document with its key.
		DocumentAttested {
			/// The hash of the attested document.
			document_hash: H256,
			/// The account that attested it.
			signer: T::AccountId,
			/// The signer's ring key that made the signature.
			key_id: KeyId,
			/// When the chain recorded the signature: milliseconds since the Unix epoch, from the chain's timestamp.
			signed_at: Moment,
		},
		/// `signer` revoked its attestation; the attestation and the revocation stay on record.
		AttestationRevoked {
			/// The hash of the attested document.
			document_hash: H256,
			/// The account that attested and now revoked.
			signer: T::AccountId,
			/// The signer's reason, as the bytes it gave (at most `MaxReasonLength`, not checked to be UTF-8).
			reason: Vec<u8>,
		},
		/// An agreement over the document was created, waiting for `signers` until block `deadline`.
		AgreementCreated {
			/// The new agreement's id.
			id: AgreementId,
			/// The hash of the document the agreement is over.
			document_hash: H256,
			/// The account that created the agreement; its deposit is held from it.
			creator: T::AccountId,
			/// The accounts that must sign, in the order the creator listed them.
			signers: Vec<T::AccountId>,
			/// The last block in which signatures are accepted.
			deadline: BlockNumberFor<T>,
		},
		/// A required signer signed; `signed` of `required` have.
		AgreementSigned {
			/// The agreement's id.
			id: AgreementId,
			/// The hash of the document the agreement is over.
			document_hash: H256,
			/// The required signer that signed.
			signer: T::AccountId,
			/// The signer's ring key that made the signature.
			key_id: KeyId,
			/// How many of the required signers have signed, this one included.
			signed: u32,
			/// How many signers the agreement requires.
			required: u32,
		},
		/// Every required signer signed.
		AgreementCompleted {
			/// The agreement's id.
			id: AgreementId,
			/// The hash of the document the agreement is over.
			document_hash: H256,
		},
		/// The deadline passed before every signer signed; `signed` of `required` had.
		AgreementExpired {
			/// The agreement's id.
			id: AgreementId,
			/// The hash of the document the agreement is over.
			document_hash: H256,
			/// How many of the required signers had signed.
			signed: u32,
			/// How many signers the agreement requires.
			required: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller has no registered identity.
		NotRegistered,
		/// The caller already attested this document (revoked or not): attestations are never overwritten.
		AlreadyAttested,
		/// The caller has no attestation of this document.
		UnknownAttestation,
		/// The attestation is already revoked.
		AlreadyRevoked,
		/// The revocation reason is longer than `MaxReasonLength` bytes.
		ReasonTooLong,
		/// An agreement needs at least one signer.
		NoSigners,
		/// More than `MaxSigners` signers.
		TooManySigners,
		/// A signer is listed twice.
		DuplicateSigner,
		/// A listed signer has no registered identity.
		SignerNotRegistered,
		/// The deadline is not after the current block.
		DeadlineInPast,
		/// The deadline is more than `MaxAgreementDuration` blocks ahead.
		DeadlineTooFar,
		/// `MaxExpiriesPerBlock` agreements already end in that block; pick another deadline.
		DeadlineBusy,
		/// The caller already has `MaxAgreementsPerCreator` pending or completed agreements over this document.
		TooManyAgreements,
		/// No agreement has this id.
		UnknownAgreement,
		/// The caller is not a required signer of the agreement.
		NotSigner,
		/// The caller already signed the agreement.
		AlreadySigned,
		/// The agreement's deadline has passed.
		AgreementPastDeadline,
		/// No ring key has this id.
		UnknownKey,
		/// The key belongs to another account.
		NotKeyOwner,
		/// The key is an encryption key.
		NotSigningKey,
		/// The signature is not the key's over the expected payload (document, signer, context or chain differ).
		BadSignature,
		/// The key was revoked.
		RevokedKey,
		/// The key has expired.
		ExpiredKey,
		/// The caller cannot pay the deposit.
		InsufficientBalance,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Expires the agreements whose deadline was the previous block.
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let due = ExpiryQueue::<T>::take(now);
			let count = due.len() as u32;
			for id in due {
				Self::expire(id, now);
			}
			T::WeightInfo::expire_agreements(count)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Records that the caller signed the document with hash `document_hash`: `signature` is its signing key
		/// `key_id`'s signature over [`DocumentPayload`] with context `Attestation`. Holds `AttestationDeposit`.
		///
		/// Emits [`Event::DocumentAttested`]. Errors: [`Error::NotRegistered`], [`Error::AlreadyAttested`],
		/// [`Error::UnknownKey`], [`Error::NotKeyOwner`], [`Error::NotSigningKey`], [`Error::BadSignature`],
		/// [`Error::RevokedKey`], [`Error::ExpiredKey`], [`Error::InsufficientBalance`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::attest())]
		pub fn attest(
			origin: OriginFor<T>,
			document_hash: H256,
			key_id: KeyId,
			// Boxed to keep `RuntimeCall` small.
			signature: Box<KeySignature>,
		) -> DispatchResult {
			let signer = ensure_signed(origin)?;
			ensure!(T::KeyRing::has_identity(&signer), Error::<T>::NotRegistered);
			ensure!(!Attestations::<T>::contains_key(document_hash, &signer), Error::<T>::AlreadyAttested);
			let signature =
				Self::checked_signature(&signer, document_hash, SigningContext::Attestation, key_id, *signature)?;

			let deposit = T::AttestationDeposit::get();
			T::Currency::hold(&HoldReason::AttestationDeposit.into(), &signer, deposit)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			let signed_at = signature.signed_at;
			Attestations::<T>::insert(
				document_hash,
				&signer,
				AttestationRecord { signature, revocation: None, deposit },
			);
			Self::deposit_event(Event::DocumentAttested { document_hash, signer, key_id, signed_at });
			Ok(())
		}

		/// Revokes the caller's attestation of the document, with a reason. The attestation stays on record
		/// with its revocation; the deposit stays held with it.
		///
		/// Emits [`Event::AttestationRevoked`]. Errors: [`Error::UnknownAttestation`], [`Error::AlreadyRevoked`],
		/// [`Error::ReasonTooLong`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke_attestation(reason.len() as u32))]
		pub fn revoke_attestation(origin: OriginFor<T>, document_hash: H256, reason: Vec<u8>) -> DispatchResult {
			let signer = ensure_signed(origin)?;
			let mut attestation =
				Attestations::<T>::get(document_hash, &signer).ok_or(Error::<T>::UnknownAttestation)?;
			ensure!(attestation.revocation.is_none(), Error::<T>::AlreadyRevoked);
			let bounded: BoundedVec<u8, T::MaxReasonLength> =
				reason.clone().try_into().map_err(|_| Error::<T>::ReasonTooLong)?;

			attestation.revocation = Some(Revocation {
				revoked_at: T::Time::now(),
				block: frame_system::Pallet::<T>::block_number(),
				reason: bounded,
			});
			Attestations::<T>::insert(document_hash, &signer, attestation);
			Self::deposit_event(Event::AttestationRevoked { document_hash, signer, reason });
			Ok(())
		}

		/// Creates an agreement over the document that every account in `signers` must sign by block `deadline`
		/// (inclusive). Holds `AgreementDeposit` from the creator, who need not be a signer. The creator may have
		/// `MaxAgreementsPerCreator` pending or completed agreements over one document.
		///
		/// Emits [`Event::AgreementCreated`]. Errors: [`Error::NotRegistered`], [`Error::NoSigners`],
		/// [`Error::TooManySigners`], [`Error::DuplicateSigner`], [`Error::SignerNotRegistered`],
		/// [`Error::DeadlineInPast`], [`Error::DeadlineTooFar`], [`Error::DeadlineBusy`], [`Error::TooManyAgreements`],
		/// [`Error::InsufficientBalance`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::create_agreement(signers.len() as u32))]
		pub fn create_agreement(
			origin: OriginFor<T>,
			document_hash: H256,
			signers: Vec<T::AccountId>,
			deadline: BlockNumberFor<T>,
		) -> DispatchResult {
			let creator = ensure_signed(origin)?;
			ensure!(T::KeyRing::has_identity(&creator), Error::<T>::NotRegistered);
			ensure!(!signers.is_empty(), Error::<T>::NoSigners);
			ensure!(signers.len() as u32 <= T::MaxSigners::get(), Error::<T>::TooManySigners);
			for (index, signer) in signers.iter().enumerate() {
				ensure!(
					!signers.iter().skip(index.saturating_add(1)).any(|other| other == signer),
					Error::<T>::DuplicateSigner
				);
				ensure!(T::KeyRing::has_identity(signer), Error::<T>::SignerNotRegistered);
			}
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(deadline > now, Error::<T>::DeadlineInPast);
			ensure!(deadline <= now.saturating_add(T::MaxAgreementDuration::get()), Error::<T>::DeadlineTooFar);
			let expires_in = deadline.saturating_add(One::one());
			let mut queue = ExpiryQueue::<T>::get(expires_in);
			let mut of_creator = DocumentAgreements::<T>::get(document_hash, &creator);
			let id = NextAgreementId::<T>::get();
			queue.try_push(id).map_err(|_| Error::<T>::DeadlineBusy)?;
			of_creator.try_push(id).map_err(|_| Error::<T>::TooManyAgreements)?;

			let deposit = T::AgreementDeposit::get();
			T::Currency::hold(&HoldReason::AgreementDeposit.into(), &creator, deposit)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			NextAgreementId::<T>::put(id.checked_add(1).ok_or(ArithmeticError::Overflow)?);
			ExpiryQueue::<T>::insert(expires_in, queue);
			DocumentAgreements::<T>::insert(document_hash, &creator, of_creator);
			let required: BoundedVec<_, T::MaxSigners> = signers
				.iter()
				.map(|account| AgreementSigner { account: account.clone(), signature: None })
				.collect::<Vec<_>>()
				.try_into()
				.map_err(|_| Error::<T>::TooManySigners)?;
			Agreements::<T>::insert(
				id,
				AgreementRecord {
					creator: creator.clone(),
					document_hash,
					signers: required,
					deadline,
					created_at: T::Time::now(),
					status: AgreementStatus::Pending,
					deposit,
				},
			);
			Self::deposit_event(Event::AgreementCreated { id, document_hash, creator, signers, deadline });
			Ok(())
		}

		/// Signs agreement `id` as one of its required signers: `signature` is the signing key `key_id`'s
		/// signature over [`DocumentPayload`] with context `Agreement(id)`. The last signature completes it.
		///
		/// Emits [`Event::AgreementSigned`], and [`Event::AgreementCompleted`] with the last one. Errors:
		/// [`Error::UnknownAgreement`], [`Error::AgreementPastDeadline`], [`Error::NotSigner`],
		/// [`Error::AlreadySigned`], [`Error::UnknownKey`], [`Error::NotKeyOwner`], [`Error::NotSigningKey`],
		/// [`Error::BadSignature`], [`Error::RevokedKey`], [`Error::ExpiredKey`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::sign_agreement(T::MaxSigners::get()))]
		pub fn sign_agreement(
			origin: OriginFor<T>,
			id: AgreementId,
			key_id: KeyId,
			signature: Box<KeySignature>,
		) -> DispatchResult {
			let signer = ensure_signed(origin)?;
			let mut agreement = Agreements::<T>::get(id).ok_or(Error::<T>::UnknownAgreement)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				agreement.status == AgreementStatus::Pending && now <= agreement.deadline,
				Error::<T>::AgreementPastDeadline
			);
			let slot = agreement.signers.iter().position(|s| s.account == signer).ok_or(Error::<T>::NotSigner)?;
			ensure!(agreement.signers.get(slot).is_some_and(|s| s.signature.is_none()), Error::<T>::AlreadySigned);
			let record = Self::checked_signature(
				&signer,
				agreement.document_hash,
				SigningContext::Agreement(id),
				key_id,
				*signature,
			)?;

			if let Some(entry) = agreement.signers.get_mut(slot) {
				entry.signature = Some(record.clone());
			}
			let required = agreement.signers.len() as u32;
			let signed = agreement.signers.iter().filter(|s| s.signature.is_some()).count() as u32;
			let document_hash = agreement.document_hash;
			if signed == required {
				agreement.status = AgreementStatus::Completed { at: record.signed_at, block: now };
			}
			Agreements::<T>::insert(id, agreement);
			Self::deposit_event(Event::AgreementSigned { id, document_hash, signer, key_id, signed, required });
			if signed == required {
				Self::deposit_event(Event::AgreementCompleted { id, document_hash });
			}
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The chain's genesis hash, which signatures bind to.
	pub fn genesis_hash() -> H256 {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// Checks `signature` by `signer`'s active signing key over the document payload, and records it.
	fn checked_signature(
		signer: &T::AccountId,
		document_hash: H256,
		context: SigningContext,
		key_id: KeyId,
		signature: KeySignature,
	) -> Result<SignatureRecord<BlockNumberFor<T>>, Error<T>> {
		let payload = DocumentPayload::new(Self::genesis_hash(), document_hash, signer.clone(), context);
		let now = T::Time::now();
		T::KeyRing::verify_active_signature(signer, &key_id, &payload.encode(), &signature, now)?;
		Ok(SignatureRecord { key_id, signature, signed_at: now, block: frame_system::Pallet::<T>::block_number() })
	}

	/// Marks a still-pending agreement expired and takes it off its creator's list for the document, which frees
	/// the slot; the record stays, so that `agreement` still answers for it.
	fn expire(id: AgreementId, now: BlockNumberFor<T>) {
		Agreements::<T>::mutate(id, |agreement| {
			if let Some(agreement) = agreement.as_mut().filter(|a| a.status == AgreementStatus::Pending) {
				agreement.status = AgreementStatus::Expired { block: now };
				DocumentAgreements::<T>::mutate_exists(agreement.document_hash, &agreement.creator, |ids| {
					if let Some(list) = ids.as_mut() {
						list.retain(|listed| *listed != id);
					}
					if ids.as_ref().is_some_and(|list| list.is_empty()) {
						*ids = None;
					}
				});
				let signed = agreement.signers.iter().filter(|s| s.signature.is_some()).count() as u32;
				Self::deposit_event(Event::AgreementExpired {
					id,
					document_hash: agreement.document_hash,
					signed,
					required: agreement.signers.len() as u32,
				});
			}
		});
	}
}

sigil_primitives::impl_from_key_check_error!(Error);
