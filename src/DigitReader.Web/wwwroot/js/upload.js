// Recognise page: file choice, drag and drop, preview, Clear, phone photo input and the desktop camera panel.
// The server decides whether a file is a supported image (from its bytes); here we only check the size early.
(function () {
  'use strict';
  const form = document.getElementById('upload-form');
  if (!form) return;
  const input = document.getElementById('file');
  const photo = document.getElementById('photo');
  const dropzone = document.getElementById('dropzone');
  const preview = document.getElementById('preview');
  const previewImg = document.getElementById('preview-img');
  const previewName = document.getElementById('preview-name');
  const errorBox = document.getElementById('upload-error');
  const clearButton = document.getElementById('clear-upload');
  const submitButton = document.getElementById('recognise-button');
  const maxBytes = Number(form.dataset.maxBytes) || 20000000;
  let previewUrl = null;

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = !message;
  }

  function setFile(file) {
    // A FileList cannot be built directly; DataTransfer is the standard way to put a file into an input.
    const transfer = new DataTransfer();
    if (file) transfer.items.add(file);
    input.files = transfer.files;
    showPreview();
  }

  function showPreview() {
    if (previewUrl) { URL.revokeObjectURL(previewUrl); previewUrl = null; }
    const file = input.files && input.files[0];
    showError('');
    if (!file) { preview.hidden = true; previewImg.removeAttribute('src'); return; }
    if (file.size > maxBytes) {
      showError('This file is ' + (file.size / 1e6).toFixed(1) + ' MB; the limit is ' + (maxBytes / 1e6).toFixed(0) + ' MB. Choose a smaller image.');
    }
    previewUrl = URL.createObjectURL(file);
    previewImg.hidden = false;
    previewImg.src = previewUrl;
    previewName.textContent = file.name + ' · ' + Math.max(1, Math.round(file.size / 1024)) + ' KB';
    preview.hidden = false;
  }

  // Browsers cannot show PGM/PPM; the server can still read them.
  previewImg.addEventListener('error', function () {
    previewImg.hidden = true;
    const file = input.files && input.files[0];
    if (file) previewName.textContent = file.name + ' · no preview for this format in the browser';
  });

  input.addEventListener('change', showPreview);
  if (photo) {
    photo.addEventListener('change', function () {
      if (photo.files && photo.files[0]) setFile(photo.files[0]);
      photo.value = '';
    });
  }

  clearButton.addEventListener('click', function () {
    input.value = '';
    setFile(null);
    input.focus();
  });

  ['dragenter', 'dragover'].forEach(function (type) {
    dropzone.addEventListener(type, function (e) { e.preventDefault(); dropzone.classList.add('dragover'); });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    dropzone.addEventListener(type, function () { dropzone.classList.remove('dragover'); });
  });
  dropzone.addEventListener('drop', function (e) {
    e.preventDefault();
    const files = e.dataTransfer && e.dataTransfer.files;
    if (files && files.length > 0) setFile(files[0]);
  });

  form.addEventListener('submit', function (e) {
    const file = input.files && input.files[0];
    if (!file) { e.preventDefault(); showError('Choose an image first, or draw a digit.'); input.focus(); return; }
    if (file.size > maxBytes) { e.preventDefault(); input.focus(); return; }
    submitButton.disabled = true;
    submitButton.textContent = 'Recognising…';
  });

  // The desktop camera panel (phones use the photo input, which opens the camera app).
  const cameraButton = document.getElementById('open-camera');
  const cameraPanel = document.getElementById('camera-panel');
  const video = document.getElementById('camera-video');
  const cameraError = document.getElementById('camera-error');
  let stream = null;
  const coarse = window.matchMedia && window.matchMedia('(pointer: coarse)').matches;
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia && !coarse) cameraButton.hidden = false;

  function stopCamera() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.srcObject = null;
    cameraPanel.hidden = true;
  }

  cameraButton.addEventListener('click', async function () {
    cameraError.hidden = true;
    cameraPanel.hidden = false;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      video.srcObject = stream;
      document.getElementById('camera-capture').focus();
    } catch (err) {
      cameraError.textContent = 'The camera could not be opened (' + (err && err.name ? err.name : 'error') + '). Check the browser permission, or upload a photo instead.';
      cameraError.hidden = false;
    }
  });

  document.getElementById('camera-capture').addEventListener('click', function () {
    if (!stream || !video.videoWidth) return;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d').drawImage(video, 0, 0);
    canvas.toBlob(function (blob) {
      if (!blob) return;
      setFile(new File([blob], 'camera.png', { type: 'image/png' }));
      stopCamera();
      submitButton.focus();
    }, 'image/png');
  });
  document.getElementById('camera-close').addEventListener('click', function () { stopCamera(); cameraButton.focus(); });

  // Lets the drawing panel hand its canvas to this form ("Show details").
  window.digitReaderUpload = { submitFile: function (file) { setFile(file); form.requestSubmit ? form.requestSubmit() : form.submit(); } };
})();
