import hashlib
import hmac
import json

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec


def verify_report(report, signature, chip_cert_pem, root_cert_pem, expected_measurement, nonce, min_tcb):
    """Return the parsed report if it is genuine, fresh and describes the expected VM."""
    fields = json.loads(report)
    # TODO: check the certificate chain and the signature before trusting any of this,
    # then the measurement, the nonce, the debug policy and the firmware version.
    return fields
