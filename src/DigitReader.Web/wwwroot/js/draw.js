// Recognise page: draw a digit with mouse, touch or pen (Pointer Events), with live prediction.
// Strokes are kept as point lists so Undo can redraw; curves pass through the midpoints between
// samples (quadratic Béziers), and coalesced events supply the samples the browser merged.
(function () {
  'use strict';
  const canvas = document.getElementById('draw-canvas');
  if (!canvas) return;
  const ctx = canvas.getContext('2d');
  const widthInput = document.getElementById('stroke-width');
  const widthOutput = document.getElementById('stroke-width-value');
  const live = document.getElementById('live-result');
  const strokes = [];
  let current = null;
  let timer = 0;
  let sequence = 0;
  const debounceMs = 250;

  function paper() {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.restore();
  }

  function drawStroke(stroke) {
    const pts = stroke.points;
    ctx.strokeStyle = '#000000';
    ctx.fillStyle = '#000000';
    ctx.lineWidth = stroke.width;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    if (pts.length === 1) {
      ctx.beginPath();
      ctx.arc(pts[0].x, pts[0].y, stroke.width / 2, 0, Math.PI * 2);
      ctx.fill();
      return;
    }
    ctx.beginPath();
    ctx.moveTo(pts[0].x, pts[0].y);
    for (let i = 1; i < pts.length - 1; i++) {
      const mx = (pts[i].x + pts[i + 1].x) / 2;
      const my = (pts[i].y + pts[i + 1].y) / 2;
      ctx.quadraticCurveTo(pts[i].x, pts[i].y, mx, my);
    }
    const last = pts[pts.length - 1];
    ctx.lineTo(last.x, last.y);
    ctx.stroke();
  }

  function redraw() {
    paper();
    strokes.forEach(drawStroke);
    if (current) drawStroke(current);
  }

  function point(e) {
    // The canvas is drawn at 280×280 but displayed at any CSS size.
    const rect = canvas.getBoundingClientRect();
    return {
      x: (e.clientX - rect.left) * (canvas.width / rect.width),
      y: (e.clientY - rect.top) * (canvas.height / rect.height),
    };
  }

  canvas.addEventListener('pointerdown', function (e) {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    current = { width: Number(widthInput.value) || 18, points: [point(e)], pointerId: e.pointerId };
    redraw();
  });

  canvas.addEventListener('pointermove', function (e) {
    if (!current || e.pointerId !== current.pointerId) return;
    e.preventDefault();
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    (events.length ? events : [e]).forEach(function (ce) { current.points.push(point(ce)); });
    redraw();
    schedule();
  });

  function finish(e) {
    if (!current || e.pointerId !== current.pointerId) return;
    strokes.push(current);
    current = null;
    redraw();
    schedule();
  }
  canvas.addEventListener('pointerup', finish);
  canvas.addEventListener('pointercancel', finish);

  function isEmpty() { return strokes.length === 0 && !current; }

  // aria-busy marks the live region while a newer prediction is still to come (debounce pending or the
  // latest request in flight), so assistive technology — and tests — wait for the final answer.
  let waiting = false;

  function schedule() {
    clearTimeout(timer);
    waiting = true;
    live.setAttribute('aria-busy', 'true');
    timer = setTimeout(predict, debounceMs);
  }

  function render(nodes) {
    live.replaceChildren.apply(live, nodes);
    live.setAttribute('aria-busy', waiting ? 'true' : 'false');
  }

  function text(tag, className, value) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = value;
    return el;
  }

  function showMessage(message) { render([text('p', 'live-empty', message)]); }

  function toBlob() {
    return new Promise(function (resolve) { canvas.toBlob(resolve, 'image/png'); });
  }

  async function predict() {
    waiting = false;
    live.setAttribute('aria-busy', 'true');
    // An empty canvas is never sent: there is nothing to recognise.
    if (isEmpty()) { showMessage('Draw a digit to see the prediction.'); return; }
    const mine = ++sequence;
    const blob = await toBlob();
    if (!blob) return;
    let response;
    try {
      response = await fetch('/api/v1/predictions?save=false', {
        method: 'POST', body: blob, headers: { 'Content-Type': 'image/png', 'Accept': 'application/json' }, credentials: 'same-origin',
      });
    } catch (err) {
      if (mine === sequence) showMessage('The server could not be reached. Check your connection.');
      return;
    }
    if (mine !== sequence) return; // a newer drawing is already on its way
    let body = null;
    try { body = await response.json(); } catch (err) { body = null; }
    if (mine !== sequence) return;
    if (!response.ok) {
      showMessage(body && body.detail ? body.detail : 'Prediction failed (' + response.status + ').');
      return;
    }
    const line = document.createElement('p');
    line.className = 'live-line';
    const digit = text('span', 'live-digit', String(body.digit));
    digit.id = 'live-digit';
    line.appendChild(digit);
    line.appendChild(text('span', '', (body.confidence * 100).toFixed(1) + '% confident'));
    const nodes = [line];
    if (body.uncertain) nodes.push(text('p', 'result-uncertain', 'Probably ' + body.digit + ', could be ' + body.runner_up + '.'));
    render(nodes);
  }

  widthInput.addEventListener('input', function () { widthOutput.textContent = widthInput.value; });

  document.getElementById('draw-undo').addEventListener('click', function () {
    strokes.pop();
    redraw();
    if (strokes.length > 0) { schedule(); return; }
    // Nothing left: cancel pending work instead of predicting an empty canvas.
    clearTimeout(timer);
    waiting = false;
    sequence++;
    showMessage('Draw a digit to see the prediction.');
  });

  document.getElementById('draw-clear').addEventListener('click', function () {
    strokes.length = 0;
    current = null;
    clearTimeout(timer);
    waiting = false;
    sequence++;
    redraw();
    showMessage('Draw a digit to see the prediction.');
  });

  document.getElementById('draw-details').addEventListener('click', async function () {
    if (isEmpty()) { showMessage('Draw a digit first.'); return; }
    const blob = await toBlob();
    if (blob && window.digitReaderUpload) window.digitReaderUpload.submitFile(new File([blob], 'drawing.png', { type: 'image/png' }));
  });

  paper();
})();
