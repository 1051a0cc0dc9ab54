// The playground page: a log-in bar above GraphiQL, with example operations.
//
// Logging in through the bar fills GraphiQL's header editor with the
// `Authorization` header and the variables with your customer id, so `Me`
// and `Deactivate` run as you straight away.
import "graphiql/graphiql.css";
import "./playground.css";

import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createElement as h, useState } from "react";
import { createRoot } from "react-dom/client";

const EXAMPLES = `# Marketplace accounts API
#
# 1. Log in with the bar above: the Headers tab below gets your
#    "Authorization: Bearer <accessToken>" header and the Variables tab your id.
#    (Or run Login, then put {"Authorization": "Bearer <accessToken>"} in Headers.)
# 2. Run Me to see your account.
# 3. Run Preview to see what deactivation keeps, and whether a store you own
#    would stay open (delete it first with deleteStore to leave no trace).
# 4. Run Deactivate to deactivate it: every token stops working at once.
#
# Pick the operation with the run button, or press Ctrl-Enter inside one.

mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    accessToken
    refreshToken
    tokenType
    expiresIn
  }
}

query Me {
  me {
    id
    email
    firstName
    lastName
    isActive
    dateJoined
  }
}

query Preview($id: ID!) {
  deactivationPreview(id: $id) {
    orders
    reviews
    addresses
    cartItems
    store {
      id
      name
    }
    warnings
  }
}

mutation Deactivate($id: ID!) {
  deactivateCustomer(id: $id) {
    customer {
      id
      isActive
      deactivatedAt
    }
  }
}
`;

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken }
}`;

const pretty = (value) => JSON.stringify(value, null, 2);

function customerIdOf(token) {
  const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  return JSON.parse(atob(payload)).sub;
}

async function logIn(endpoint, email, password) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ query: LOGIN, variables: { email, password } }),
  });
  const body = await response.json();
  if (body.errors) {
    throw new Error(body.errors[0].message);
  }
  return body.data.login.accessToken;
}

function LoginBar({ endpoint, onLogin }) {
  const [status, setStatus] = useState("Not logged in.");

  async function submit(event) {
    event.preventDefault();
    const form = new FormData(event.target);
    setStatus("Logging in...");
    try {
      const token = await logIn(endpoint, form.get("email"), form.get("password"));
      onLogin(token, form.get("email"));
      setStatus(`Logged in as customer ${customerIdOf(token)}.`);
    } catch (error) {
      setStatus(`Log in failed: ${error.message}`);
    }
  }

  return h(
    "form",
    { className: "playground-login", onSubmit: submit },
    h("strong", null, "Marketplace accounts API"),
    h("input", { name: "email", type: "email", placeholder: "email", required: true }),
    h("input", { name: "password", type: "password", placeholder: "password", required: true }),
    h("button", { type: "submit" }, "Log in"),
    h("span", { className: "playground-status", role: "status" }, status),
  );
}

function Playground({ endpoint }) {
  const [headers, setHeaders] = useState(undefined);
  const [variables, setVariables] = useState(undefined);
  const [fetcher] = useState(() => createGraphiQLFetcher({ url: endpoint }));

  function onLogin(token, email) {
    setHeaders(pretty({ Authorization: `Bearer ${token}` }));
    setVariables(pretty({ id: customerIdOf(token), email, password: "" }));
  }

  return h(
    "div",
    { className: "playground" },
    h(LoginBar, { endpoint, onLogin }),
    h(
      "div",
      { className: "playground-graphiql" },
      h(GraphiQL, {
        fetcher,
        headers,
        variables,
        defaultTabs: [
          { query: EXAMPLES, variables: pretty({ email: "", password: "", id: "" }) },
        ],
        defaultEditorToolsVisibility: "headers",
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: false,
      }),
    ),
  );
}

const root = document.getElementById("playground");
createRoot(root).render(h(Playground, { endpoint: root.dataset.endpoint }));
