"""Servers on the loopback interface that the network tests point kg at."""
import socket
import threading


class Listener:
    """A socket that accepts connections and never answers; ``connections`` holds what it accepted.

    A test that points kg at it checks that nothing connected (no request left the machine's
    program) or that kg gave up on time (a store that never answers).
    """

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections: list[socket.socket] = []
        self._running = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while self._running:
            try:
                connection, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            self.connections.append(connection)        # kept open, never read, never answered

    def close(self):
        self._running = False
        self._thread.join(5)
        for connection in self.connections:
            connection.close()
        self.socket.close()
