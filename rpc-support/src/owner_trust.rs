//! The owner-trust JSON that the `trust_*` and `messages_*` namespaces share: a validity as a tag with its reason.

use serde::{Deserialize, Serialize};
use sigil_primitives::{NeverReason, Validity};

/// `{ "validity": "full" }`, ... or `{ "validity": "never", "reason": "fraudMark" }`; flattened into the object
/// that carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "validity", rename_all_fields = "camelCase")]
pub enum ValidityJson {
	Ultimate,
	Full,
	Marginal,
	Unknown,
	/// `reason`: `fraudMark` or `distrusted`.
	Never {
		reason: NeverReasonJson,
	},
	NotRegistered,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum NeverReasonJson {
	FraudMark,
	Distrusted,
}

impl From<Validity> for ValidityJson {
	fn from(validity: Validity) -> Self {
		match validity {
			Validity::Ultimate => Self::Ultimate,
			Validity::Full => Self::Full,
			Validity::Marginal => Self::Marginal,
			Validity::Unknown => Self::Unknown,
			Validity::Never(NeverReason::FraudMark) => Self::Never { reason: NeverReasonJson::FraudMark },
			Validity::Never(NeverReason::Distrusted) => Self::Never { reason: NeverReasonJson::Distrusted },
			Validity::NotRegistered => Self::NotRegistered,
		}
	}
}
