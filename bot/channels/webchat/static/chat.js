// The web chat page: pick a person, send what they type or press, insert the server's HTML replies.
// Every reply fragment is rendered and escaped by bot/render/html.py; this script never builds markup from data.
(() => {
  "use strict";
  const config = JSON.parse(document.getElementById("config").textContent);
  const W = config.words;
  const token = new URLSearchParams(location.search).get("token");
  const $ = (id) => document.getElementById(id);
  const log = $("log"), room = $("room"), status = $("status"), message = $("message");
  const roomEmpty = $("room-empty");
  const STORE = "sendbot.webchat.staff";
  let me = null, events = null;

  function headers() {
    const h = {"Content-Type": "application/json"};
    if (token) h["X-Webchat-Token"] = token;
    return h;
  }

  async function call(method, path, body) {
    const response = await fetch(path, {method, headers: headers(), body: body ? JSON.stringify(body) : undefined});
    let data = {};
    try { data = await response.json(); } catch (_) { /* an HTML error page from a proxy */ }
    if (!response.ok) throw new Error(data.error || W.failed);
    return data;
  }

  function eventId() {
    // Each send carries its own id, so a double click or a retried request is saved once.
    return (crypto.randomUUID ? crypto.randomUUID() : Date.now() + "-" + Math.random().toString(16).slice(2));
  }

  function say(text) {
    const bubble = document.createElement("article");
    bubble.className = "msg you";
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = W.you + ": ";
    const p = document.createElement("p");
    p.textContent = text;
    p.prepend(who);
    bubble.append(p);
    log.append(bubble);
    bubble.scrollIntoView({block: "end"});
  }

  function problem(text) {
    const note = document.createElement("article");
    note.className = "msg bot problem";
    note.setAttribute("role", "alert");
    note.textContent = text;
    log.append(note);
    note.scrollIntoView({block: "end"});
  }

  function show(fragments, into) {
    let last = null;
    for (const html of fragments) {
      into.insertAdjacentHTML("beforeend", html);
      last = into.lastElementChild;
    }
    if (last) last.scrollIntoView({block: "nearest"});
    return last;
  }

  function focusForm(article) {
    // A form with errors takes the focus to its first problem; a new form to its first field.
    const form = article && article.querySelector("form.reply-form");
    if (!form) return;
    const target = form.querySelector(".has-error input, .has-error select, .has-error textarea");
    if (target) target.focus();
  }

  async function send(body, echo) {
    if (!me) return;
    say(echo);
    status.textContent = W.sending;
    try {
      const data = await call("POST", "/webchat/api/message", {staff_id: me.id, id: eventId(), ...body});
      status.textContent = "";
      focusForm(show(data.html, log));
      return true;
    } catch (error) {
      status.textContent = "";
      problem(error.message);
      return false;
    }
  }

  // --- choosing who you are -------------------------------------------------------------------

  function fromTemplate(id) {
    const p = document.createElement("p");
    p.innerHTML = $(id).innerHTML; // our own escaped prompt text, from the page itself
    return p;
  }

  async function loadStaff() {
    const list = $("staff-list");
    let data;
    try {
      data = await call("GET", "/webchat/api/staff");
    } catch (error) {
      list.replaceChildren(fromTemplate("load-failed"));
      return;
    }
    if (!data.schools.length) {
      list.replaceChildren(fromTemplate("no-staff"));
      return;
    }
    const parts = [];
    for (const school of data.schools) {
      const heading = document.createElement("h3");
      heading.textContent = school.name;
      const ul = document.createElement("ul");
      ul.className = "people";
      for (const person of school.staff) {
        const li = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "person";
        button.dataset.staffId = person.id;
        const name = document.createElement("strong");
        name.textContent = person.name;
        const role = document.createElement("span");
        role.className = "role";
        role.textContent = person.role_label;
        button.append(name, role);
        li.append(button);
        ul.append(li);
      }
      parts.push(heading, ul);
    }
    list.replaceChildren(...parts);
    const remembered = Number(sessionStorage.getItem(STORE));
    if (remembered && list.querySelector(`[data-staff-id="${remembered}"]`)) pick(remembered);
  }

  async function pick(staffId) {
    let data;
    try {
      data = await call("POST", "/webchat/api/pick", {staff_id: staffId});
    } catch (error) {
      sessionStorage.removeItem(STORE);
      const note = document.createElement("p");
      note.className = "error";
      note.setAttribute("role", "alert");
      note.textContent = error.message;
      $("staff-list").prepend(note);
      return;
    }
    me = data.staff;
    sessionStorage.setItem(STORE, String(me.id));
    $("me-name").textContent = me.name;
    $("me-role").textContent = me.role_label;
    $("whoami").hidden = false;
    $("picker").hidden = true;
    $("workspace").hidden = false;
    log.replaceChildren();
    room.replaceChildren(roomEmpty);
    show(data.html, log);
    listen();
    message.focus();
  }

  function unpick() {
    if (events) events.close();
    events = null;
    me = null;
    sessionStorage.removeItem(STORE);
    $("whoami").hidden = true;
    $("workspace").hidden = true;
    $("picker").hidden = false;
    $("picker-heading").focus();
  }

  // --- live messages --------------------------------------------------------------------------

  function listen() {
    if (events) events.close();
    const query = new URLSearchParams({staff_id: me.id});
    if (token) query.set("token", token);
    events = new EventSource("/webchat/api/events?" + query);
    events.onopen = () => { document.body.dataset.live = "on"; };
    events.onerror = () => { document.body.dataset.live = "off"; status.textContent = W.offline; };
    events.onmessage = (event) => {
      if (status.textContent === W.offline) status.textContent = "";
      const data = JSON.parse(event.data);
      if (data.panel === "room") {
        roomEmpty.remove();
        show([data.html], room);
      } else {
        show([data.html], log);
      }
    };
  }

  // --- what people do -------------------------------------------------------------------------

  $("composer").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = message.value.trim();
    if (!text) return;
    message.value = "";
    const sent = await send({text}, text);
    if (!sent) message.value = text; // nothing was saved: let them send it again
    message.focus();
  });

  message.addEventListener("keydown", (event) => {
    // Enter sends, as in Teams and Slack; Shift+Enter makes a new line.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });

  log.addEventListener("click", async (event) => {
    const button = event.target.closest("button.choice");
    if (!button || button.disabled) return;
    const group = button.closest(".choices");
    const buttons = group ? [...group.querySelectorAll("button")] : [button];
    buttons.forEach((b) => { b.disabled = true; });
    button.setAttribute("aria-pressed", "true");
    const sent = await send({action: button.dataset.action, values: JSON.parse(button.dataset.values || "{}")},
                            button.textContent);
    if (!sent) buttons.forEach((b) => { b.disabled = false; });
  });

  function formValues(form) {
    const values = JSON.parse(form.dataset.hidden || "{}");
    let missing = null;
    for (const field of form.querySelectorAll(".field")) {
      let value;
      if (field.dataset.multi) {
        value = [...field.querySelectorAll("input:checked")].map((input) => input.value);
      } else if (field.dataset.kind === "checkbox") {
        value = field.querySelector("input").checked;
      } else {
        value = field.querySelector("input, select, textarea").value.trim();
      }
      values[field.dataset.name] = value;
      const required = field.querySelector(".req");
      if (required && !missing && (value === "" || (Array.isArray(value) && !value.length) || value === false)) {
        missing = field.querySelector("input, select, textarea");
      }
    }
    return {values, missing};
  }

  log.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.reply-form");
    if (!form) return;
    event.preventDefault();
    let note = form.querySelector(".form-status");
    if (!note) {
      note = document.createElement("p");
      note.className = "form-status";
      note.setAttribute("role", "alert");
      form.querySelector("button.submit").before(note);
    }
    const {values, missing} = formValues(form);
    if (missing) {
      note.textContent = W.form_incomplete;
      missing.focus();
      return;
    }
    note.textContent = "";
    const controls = [...form.elements];
    controls.forEach((c) => { c.disabled = true; });
    const title = form.querySelector(".form-title");
    const sent = await send({action: form.dataset.action, values}, W.form_sent + ": " + (title ? title.textContent : ""));
    if (sent) form.classList.add("sent");
    else controls.forEach((c) => { c.disabled = false; });
  });

  $("switch").addEventListener("click", unpick);
  $("staff-list").addEventListener("click", (event) => {
    const button = event.target.closest("button.person");
    if (button) pick(Number(button.dataset.staffId));
  });

  for (const button of document.querySelectorAll("button.trigger")) {
    if (!config.triggers.includes(button.dataset.trigger)) continue;
    button.hidden = false;
    $("demo").hidden = false;
    button.addEventListener("click", async () => {
      if (!me) return;
      button.disabled = true;
      try {
        const data = await call("POST", "/webchat/api/trigger/" + button.dataset.trigger, {staff_id: me.id});
        show(data.html, log);
      } catch (error) {
        problem(error.message);
      } finally {
        button.disabled = false;
      }
    });
  }

  loadStaff();
})();
