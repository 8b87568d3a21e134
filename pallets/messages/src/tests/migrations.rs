//! The storage migration from version 1 (messages under a chain-wide id, boxes of ids, a bare counter per sender).

use super::*;
use crate::{
	migrations::v2::{v1, MigrateV1ToV2},
	Inbox, Outbox, Pallet, ReceivedCount, SenderAccount, Senders,
};
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
use sigil_primitives::KeyPurpose::Signing;

#[test]
fn version_1_messages_move_under_their_sender_and_counter_with_their_deposits() {
	run(|| {
		let alice = add_key(ALICE, 1, Signing, None);
		let charlie = add_key(CHARLIE, 3, Signing, None);
		// Alice sends two to Bob, Charlie one; Bob clears Alice's first. Then rewrite the state as version 1
		// kept it: ids in order of sending, Alice's first (id 0) gone.
		send(ALICE, BOB, b"one", &alice);
		send(CHARLIE, BOB, b"three", &charlie);
		send(ALICE, BOB, b"two", &alice);
		assert_ok!(clear(BOB, (ALICE, 0)));
		let stored: Vec<(u64, AccountId, u64)> = vec![(1, CHARLIE, 0), (2, ALICE, 1)];
		let held_before = (held(ALICE), held(CHARLIE));
		for (id, from, counter) in &stored {
			let message = Outbox::<Test>::take(from, counter).expect("stored");
			Inbox::<Test>::remove(BOB, message.inbox_index);
			v1::Inbox::<Test>::insert(BOB, message.inbox_index, id);
			v1::Outbox::<Test>::insert(from, counter, id);
			v1::Messages::<Test>::insert(
				id,
				v1::MessageRecord {
					from: *from,
					to: message.to,
					body: message.body,
					body_hash: message.body_hash,
					key_id: message.key_id,
					signature: message.signature,
					counter: *counter,
					sent_at: message.sent_at,
					inbox_index: message.inbox_index,
					deposit: message.deposit,
				},
			);
		}
		let _ = Senders::<Test>::clear(u32::MAX, None);
		v1::SentCount::<Test>::insert(ALICE, 2);
		v1::SentCount::<Test>::insert(CHARLIE, 1);
		v1::NextMessageId::<Test>::put(3);
		StorageVersion::new(1).put::<Pallet<Test>>();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Pallet::<Test>::on_chain_storage_version(), 2);
		assert_eq!(Inbox::<Test>::get(BOB, 1), Some((CHARLIE, 0)));
		assert_eq!(Inbox::<Test>::get(BOB, 2), Some((ALICE, 1)));
		assert_eq!(Inbox::<Test>::get(BOB, 0), None);
		assert_eq!(ReceivedCount::<Test>::get(BOB), 3);
		assert_eq!(message((ALICE, 1), None).map(|m| m.body), Some(b"two".to_vec()));
		assert!(message((ALICE, 1), None).is_some_and(|m| m.verdict.signature_valid));
		let owed = |len: Balance| DEPOSIT_BASE + len * DEPOSIT_PER_BYTE;
		assert_eq!(Senders::<Test>::get(ALICE), SenderAccount { sent: 2, advance: 0, owed: owed(3) });
		assert_eq!(Senders::<Test>::get(CHARLIE), SenderAccount { sent: 1, advance: 0, owed: owed(5) });
		// No funds moved, and the old keys are gone.
		assert_eq!((held(ALICE), held(CHARLIE)), held_before);
		assert!(!v1::NextMessageId::<Test>::exists());
		assert!(v1::Messages::<Test>::iter_keys().next().is_none());
		assert!(v1::SentCount::<Test>::iter_keys().next().is_none());
		// The chain goes on: Alice's next message signs counter 2, and clearing works on migrated messages.
		assert_eq!(send(ALICE, CHARLIE, b"next", &alice), (ALICE, 2));
		assert_ok!(clear(BOB, (ALICE, 1)));

		// Run again at version 2, it does nothing.
		v1::NextMessageId::<Test>::put(7);
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert!(v1::NextMessageId::<Test>::exists());
		v1::NextMessageId::<Test>::kill();
	});
}
