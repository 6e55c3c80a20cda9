// The check-in page: scans (camera, a USB scanner that types, a tap on a search result) are
// posted in the background and answered in the page. A scan made while the network is down is
// kept on the phone (localStorage) with the moment it was made, and sent again until it gets
// through; the server records each person once, so sending twice does no harm.
(function () {
  "use strict";
  const root = document.getElementById("checkin");
  const input = document.getElementById("checkin-code");
  if (!root || !input) return; // a day without the event: nothing to scan
  const text = root.dataset;
  const result = document.getElementById("checkin-result");
  const queueNote = document.getElementById("checkin-queue");
  const countNote = document.getElementById("checkin-count");
  const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const storeKey = "checkin-queue:" + text.event;
  const CODE = /^[A-Za-z0-9_-]{22}$/; // what a QR code of ours carries
  const RETRY_EVERY = 4000;
  let sending = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || []; } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(storeKey, JSON.stringify(queue)); }

  function showQueue() {
    const waiting = load().length;
    queueNote.hidden = waiting === 0;
    queueNote.textContent = waiting ? text.msgQueued.replace("%(count)s", waiting) : "";
  }

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  function show(answer) {
    const box = element("div", "verdict verdict-" + answer.outcome);
    box.appendChild(element("p", "message", answer.message));
    const person = answer.person;
    if (person) {
      box.appendChild(element("p", "mb-1", person.name + " · " + person.organisation + " · " + person.country));
      const needs = element("dl", "checkin-needs mb-1");
      [[text.msgDiet, person.diet], [text.msgAllergies, person.allergies], [text.msgAccessibility, person.accessibility]]
        .forEach(([label, value]) => {
          if (!value) return;
          needs.appendChild(element("dt", "", label));
          needs.appendChild(element("dd", "fw-semibold", value));
        });
      if (needs.childNodes.length) box.appendChild(needs);
    }
    if (answer.undo && answer.outcome === "checked_in") {
      const undo = element("button", "btn btn-sm btn-outline-secondary", text.msgUndo);
      undo.type = "button";
      undo.addEventListener("click", () => undoCheckIn(answer.undo, undo));
      box.appendChild(undo);
    }
    result.replaceChildren(box);
    if (answer.count) {
      const strong = element("strong", "", String(answer.count.present));
      countNote.replaceChildren(strong, document.createTextNode(
        countNote.textContent.replace(/^\s*\d+/, "")));
    }
  }

  function post(url, fields) {
    return fetch(url, {
      method: "POST",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf },
      body: new URLSearchParams(fields),
      credentials: "same-origin",
    });
  }

  // Sends the oldest waiting scan; on success goes on with the next, on a network error or a
  // server error waits for the next try. A refusal (4xx) is an answer: it is not sent again.
  function flush() {
    const queue = load();
    if (sending || !queue.length) { showQueue(); return; }
    const scan = queue[0];
    sending = true;
    post(text.post, { ...scan.fields, at: scan.at })
      .then((response) => {
        if (response.status >= 500) throw new Error("server error " + response.status);
        if (response.redirected || response.status === 403) return { outcome: "refused", message: text.msgLogin };
        if (!response.ok) return { outcome: "refused", message: text.msgFailed };
        return response.json();
      })
      .then((answer) => {
        save(load().filter((waiting) => waiting.id !== scan.id));
        sending = false;
        show(answer);
        flush();
      }, () => { sending = false; showQueue(); });
  }

  function scan(fields) {
    const queue = load();
    queue.push({ id: Date.now() + "-" + Math.random(), at: Date.now(), fields: fields });
    save(queue);
    flush();
  }

  function target() { return text.for ? { for: text.for } : {}; }

  function undoCheckIn(url, button) {
    button.disabled = true;
    post(url, {}).then((response) => {
      if (!response.ok) throw new Error("undo " + response.status);
      return response.json();
    }).then(show, () => {
      button.disabled = false;
      show({ outcome: "refused", message: text.msgUndoFailed });
    });
  }

  // A USB scanner types the code and presses Enter; a name typed is searched by the server.
  document.getElementById("checkin-find").addEventListener("submit", (event) => {
    const value = input.value.trim();
    if (!CODE.test(value)) return;
    event.preventDefault();
    input.value = "";
    scan({ code: value, ...target() });
    input.focus();
  });

  document.querySelectorAll("form.checkin-tap").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const fields = Object.fromEntries(new FormData(form));
      delete fields.csrfmiddlewaretoken;
      form.querySelector("button").disabled = true;
      scan(fields);
    });
  });

  // The camera: the browser's own BarcodeDetector where it has one, jsQR otherwise.
  const start = document.getElementById("camera-start");
  const video = document.getElementById("camera");
  const canvas = document.createElement("canvas");
  let stream = null;
  let detector = null;
  let last = { code: "", at: 0 };

  function found(code) {
    if (!CODE.test(code) || (code === last.code && Date.now() - last.at < 3000)) return;
    last = { code: code, at: Date.now() };
    scan({ code: code, ...target() });
  }

  async function read() {
    if (detector) {
      const codes = await detector.detect(video);
      return codes.length ? codes[0].rawValue : null;
    }
    const scale = Math.min(1, 640 / video.videoWidth);
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" });
    return code ? code.data : null;
  }

  async function watch() {
    while (stream) {
      if (video.readyState >= 2 && video.videoWidth) {
        try {
          const code = await read();
          if (code) found(code);
        } catch (error) { /* a frame that cannot be read: try the next one */ }
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  function stop() {
    stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    start.textContent = text.msgCameraStart;
    input.focus();
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    start.hidden = false;
    start.addEventListener("click", async () => {
      if (stream) { stop(); return; }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      } catch (error) {
        show({ outcome: "refused", message: text.msgNoCamera });
        return;
      }
      if ("BarcodeDetector" in window) {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      }
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      start.textContent = text.msgCameraStop;
      watch();
    });
  }

  window.addEventListener("online", flush);
  setInterval(flush, RETRY_EVERY);
  flush();
})();
