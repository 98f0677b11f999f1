import datetime
import os
import socket
import ssl
import tempfile
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)
FOLDER = tempfile.mkdtemp(prefix="tls-", dir=os.getcwd())


def _name(text):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


def _ca(label):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(label)).issuer_name(_name(label))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - DAY).not_valid_after(NOW + 30 * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def _write(file_name, data):
    path = os.path.join(FOLDER, file_name)
    with open(path, "wb") as out:
        out.write(data)
    return path


def _pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def issue(ca, hostname, file_name, not_after=NOW + 7 * DAY):
    """A certificate and key for hostname, signed by ca, in one PEM file."""
    ca_key, ca_cert = ca
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(hostname))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - 10 * DAY).not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return _write(file_name, _pem(cert) + key_pem)


class Server:
    """A TLS server on the loopback that answers one connection and records the request."""

    def __init__(self, cert_file, reply=b"ok", max_version=None):
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(cert_file)
        if max_version is not None:
            self.context.maximum_version = max_version
        self.reply = reply
        self.received = b""
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(10)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve_once, daemon=True)
        self.thread.start()

    def _serve_once(self):
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        try:
            conn.settimeout(10)
            with self.context.wrap_socket(conn, server_side=True) as tls:
                while not self.received.endswith(b"\n"):
                    chunk = tls.recv(4096)
                    if not chunk:
                        break
                    self.received += chunk
                tls.sendall(self.reply)
        except OSError:
            pass
        finally:
            self.listener.close()

    def done(self):
        self.thread.join(10)
        return self


CA = _ca("Acme internal CA")
CA_FILE = _write("ca.pem", _pem(CA[1]))

from solution import fetch

GOOD = issue(CA, "inference.internal", "inference.pem")


def test_fetch_from_a_server_with_a_valid_certificate():
    server = Server(GOOD, reply=b'{"label": "cat"}')
    reply = fetch(server.port, CA_FILE, "inference.internal", b"classify 42\n")
    server.done()
    assert server.received == b"classify 42\n", "the server should receive the request as sent"
    assert reply == b'{"label": "cat"}'
