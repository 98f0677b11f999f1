import datetime
import hashlib
import json

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)
MEASUREMENT = hashlib.sha384(b"guest firmware + kernel + initrd + command line").hexdigest()


def _cert(subject, key, issuer=None, issuer_key=None):
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    return (x509.CertificateBuilder().subject_name(name)
            .issuer_name(issuer.subject if issuer else name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - datetime.timedelta(days=1))
            .not_valid_after(NOW + datetime.timedelta(days=365))
            .sign(issuer_key or key, hashes.SHA384()))


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def vendor(label="Vendor root"):
    """A root certificate and a chip key certified by it, as PEM plus the chip's private key."""
    root_key, chip_key = ec.generate_private_key(ec.SECP384R1()), ec.generate_private_key(ec.SECP384R1())
    root = _cert(label, root_key)
    chip = _cert("Chip 0042", chip_key, root, root_key)
    return _pem(root), _pem(chip), chip_key


def report(chip_key, nonce, measurement=MEASUREMENT, debug=False, tcb=7):
    body = json.dumps({
        "version": 3,
        "measurement": measurement,
        "report_data": hashlib.sha512(nonce).hexdigest(),
        "policy": {"debug": debug},
        "tcb": tcb,
    }, sort_keys=True).encode()
    return body, chip_key.sign(body, ec.ECDSA(hashes.SHA384()))

from solution import verify_report

ROOT, CHIP, CHIP_KEY = vendor()


def _refused(*args):
    try:
        verify_report(*args)
    except ValueError:
        return True
    return False


def test_edited_report_is_refused():
    nonce = b"n-1"
    body, signature = report(CHIP_KEY, nonce)
    edited = body.replace(b'"tcb": 7', b'"tcb": 9')
    assert edited != body
    assert _refused(edited, signature, CHIP, ROOT, MEASUREMENT, nonce, 8)


def test_chip_certificate_from_another_root_is_refused():
    _, fake_chip, fake_key = vendor("Vendor root")  # same name, different key
    nonce = b"n-2"
    body, signature = report(fake_key, nonce)
    assert _refused(body, signature, fake_chip, ROOT, MEASUREMENT, nonce, 5), \
        "the chip certificate must be issued by the trusted root"


def test_replayed_report_is_refused():
    old_body, old_signature = report(CHIP_KEY, b"yesterday's challenge")
    assert _refused(old_body, old_signature, CHIP, ROOT, MEASUREMENT, b"today's challenge", 5)


def test_debug_policy_is_refused():
    nonce = b"n-3"
    body, signature = report(CHIP_KEY, nonce, debug=True)
    assert _refused(body, signature, CHIP, ROOT, MEASUREMENT, nonce, 5)


def test_old_firmware_is_refused():
    nonce = b"n-4"
    body, signature = report(CHIP_KEY, nonce, tcb=4)
    assert _refused(body, signature, CHIP, ROOT, MEASUREMENT, nonce, 5)


def test_minimum_firmware_is_accepted():
    nonce = b"n-5"
    body, signature = report(CHIP_KEY, nonce, tcb=5)
    assert verify_report(body, signature, CHIP, ROOT, MEASUREMENT, nonce, 5)["tcb"] == 5


def test_signature_over_other_bytes_is_refused():
    nonce = b"n-6"
    body, _ = report(CHIP_KEY, nonce)
    _, other_signature = report(CHIP_KEY, b"n-7")
    assert _refused(body, other_signature, CHIP, ROOT, MEASUREMENT, nonce, 5)
