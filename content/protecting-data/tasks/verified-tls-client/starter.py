import socket
import ssl


def fetch(port, cafile, hostname, request):
    """Send request to 127.0.0.1:port over verified TLS 1.3 and return the whole reply."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        # Wrap `raw` in TLS here, with a context that trusts `cafile` and checks `hostname`.
        raw.sendall(request)
        return raw.recv(65536)
