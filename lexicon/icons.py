"""Icons: what people call them, how apps label them, what OCR reads in them, where they sit.

A person says `tap the back arrow`; the app's toolbar says `Navigate up`, a Chinese
app `返回`, and OCR reads the glyph as `←` or `く`. Each `Icon` links those: the
phrases people use for it (`names`, what it shows or does), the content-desc and text
conventions of Android apps in English (`labels`) and in the languages phones are
most used in (`translations`: the framework's own strings and the usual app words),
the characters OCR makes of the glyph (`glyphs`), resource-id words (`ids`), and where
Material Design puts it when it has a usual place (`place`: the navigation icon at the
start of the top app bar, the overflow menu at its end, the floating action button at
the bottom end). Names and labels come from Material Symbols' icon names and AOSP's
strings, not from any one app.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lexicon.text import compact, words

__all__ = [
    "ICONS",
    "Icon",
    "icons_led_by",
    "icons_of_glyph",
    "icons_of_id",
    "icons_of_label",
    "icons_of_phrase",
    "kin_of",
]

Place = tuple[float, float]
"""(x, y) as shares of the screen's width and height, in a left-to-right layout."""

_TOP_START: Place = (0.05, 0.05)
_TOP_END: Place = (0.95, 0.05)
_BOTTOM_END: Place = (0.9, 0.9)


@dataclass(frozen=True)
class Icon:
    """One icon or icon action, in the words of people, apps, OCR and resource ids."""

    key: str
    names: tuple[str, ...]
    labels: tuple[str, ...]
    translations: tuple[str, ...] = ()
    glyphs: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    place: Place | None = None
    kin: tuple[str, ...] = ()
    """Keys of icons apps draw in this one's place for the same job: a toolbar's navigation
    button is a back arrow, a hamburger or an X (full-screen dialogs), whatever its label;
    an X on a tab, a chip or a list item removes it."""


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


def _icon(
    key: str,
    names: str,
    labels: str,
    *,
    translations: str = "",
    glyphs: str = "",
    ids: str = "",
    place: Place | None = None,
    kin: str = "",
) -> Icon:
    return Icon(
        key,
        _split(names),
        _split(labels),
        _split(translations),
        _split(glyphs),
        _split(ids),
        place,
        _split(kin),
    )


ICONS: tuple[Icon, ...] = (
    _icon(
        "back",
        "back|back arrow|arrow back|left arrow|arrow left|go back|navigate back|up|navigate up|"
        "back button|back icon|return|back chevron|left chevron|chevron left",
        "Navigate up|Back|Go back|Navigate back|Up|Return|Previous page",
        translations="返回|向上导航|上一步|返回上一页|返回按钮|戻る|上へ移動|뒤로|위로 이동|Atrás|"
        "Volver|"
        "Navegar hacia arriba|Retour|Revenir en arrière|Zurück|Nach oben|Voltar|"
        "Navegar para cima|Indietro|Terug|Omhoog navigeren|Enrere|Torna|Navega cap amunt|"
        "Назад|Перейти вверх",
        glyphs="←|<|く|〈|‹|⟨|《|<-",
        ids="back|up|navigate up|home as up|nav back|btn back|back btn|return",
        place=_TOP_START,
        kin="drawer|close",
    ),
    _icon(
        "more",
        "three dots|three dot|3 dots|dots|overflow|overflow menu|more|more options|kebab|"
        "kebab menu|menu dots|vertical dots|options|options menu|more menu|three dot menu|"
        "ellipsis|more actions",
        "More options|More|Options|More actions|Overflow menu|More menu",
        translations="更多|更多选项|更多選項|その他のオプション|その他|옵션 더보기|더보기|"
        "Más opciones|Más|Plus d'options|Plus|Weitere Optionen|Mehr|Mais opções|Mais|"
        "Altre opzioni|Altro|Meer opties|Meer|Més opcions|Més|Ещё|Другие параметры",
        glyphs="⋮|⋯|…|...|●●●|•••|···",
        ids="overflow|more|more options|menu more|action more|more btn|more icon",
        place=_TOP_END,
    ),
    _icon(
        "drawer",
        "hamburger|hamburger menu|hamburger icon|menu|menu icon|navigation drawer|drawer|"
        "side menu|nav menu|three lines|three line menu|main menu|navigation menu|sidebar",
        "Open navigation drawer|Show navigation drawer|Navigation drawer|Open menu|Menu|"
        "Open drawer|Open navigation|Navigation menu|Show menu|Side menu",
        translations="菜单|打开抽屉式导航栏|打开导航菜单|選單|メニュー|"
        "ナビゲーション ドロワーを開く|메뉴|"
        "탐색 창 열기|Menú|Abrir panel lateral de navegación|Ouvrir le panneau de navigation|"
        "Navigationsleiste öffnen|Abrir gaveta de navegação|Apri riquadro di navigazione|"
        "Navigatiemenu openen|Obre el calaix de navegació|Открыть панель навигации|Меню",
        glyphs="三|≡|☰|=|≣",
        ids="drawer|hamburger|nav|navigation|side menu|menu toggle|nav toggle|menu",
        place=_TOP_START,
        kin="back",
    ),
    _icon(
        "search",
        "search|magnifier|magnifying glass|loupe|find|search bar|search box|lookup|"
        "search icon|search button|lens",
        "Search|Find|Search button|Start search|Search for|Search query",
        translations="搜索|搜尋|查找|検索|검색|Buscar|Búsqueda|Rechercher|Recherche|Suchen|Suche|"
        "Pesquisar|Pesquisa|Cerca|Ricerca|Zoeken|Cercar|Поиск|Найти",
        glyphs="Q|🔍|🔎",
        ids="search|search button|search bar|search box|find|search icon|magnifier",
    ),
    _icon(
        "add",
        "plus|add|new|create|fab|floating action button|plus sign|plus button|add new|compose|"
        "new item|cross|add button",
        "Add|Create|New|Create new|Add new|Compose|New message|New contact|New chat|"
        "Add contact|Add alarm|New note|Create contact|Plus",
        translations="添加|新建|新增|创建|追加|新規作成|作成|추가|새로 만들기|Añadir|Agregar|Crear|"
        "Nuevo|"
        "Ajouter|Créer|Nouveau|Hinzufügen|Erstellen|Neu|Adicionar|Criar|Novo|Aggiungi|Crea|"
        "Nuovo|Toevoegen|Maken|Nieuw|Afegeix|Crea|Добавить|Создать",
        glyphs="+|十|＋",
        ids="fab|add|create|new|compose|plus",
        place=_BOTTOM_END,
    ),
    _icon(
        "delete",
        "trash|trash can|bin|garbage|wastebasket|delete|remove|discard|dustbin|garbage can",
        "Delete|Remove|Move to trash|Trash|Discard|Move to bin|Bin",
        translations="删除|刪除|移除|削除|ゴミ箱|삭제|휴지통|Eliminar|Borrar|Supprimer|Löschen|"
        "Entfernen|Excluir|Apagar|Elimina|Verwijderen|Suprimeix|Удалить",
        glyphs="🗑",
        ids="delete|trash|remove|bin|del",
    ),
    _icon(
        "edit",
        "pencil|edit|pen|modify|rename|pencil icon",
        "Edit|Rename|Modify|Change",
        translations="编辑|編輯|修改|編集|편집|수정|Editar|Modifier|Bearbeiten|Modifica|Bewerken|"
        "Edita|Изменить|Редактировать",
        glyphs="✎|✏|🖉",
        ids="edit|pencil|modify|rename",
    ),
    _icon(
        "favorite",
        "heart|heart icon|favorite|favourite|like|love|star|star icon",
        "Favorite|Favourite|Add to favorites|Add to favourites|Favorites|Like|Love|Star|"
        "Starred|Unstarred|Not starred",
        translations="收藏|喜欢|喜歡|赞|お気に入り|いいね|즐겨찾기|좋아요|Favorito|Favoritos|"
        "Me gusta|"
        "Favori|Favoris|J'aime|Favorit|Favoriten|Gefällt mir|Curtir|Preferito|Preferiti|"
        "Mi piace|Favoriet|Vind ik leuk|Preferit|Избранное|Нравится",
        glyphs="♡|♥|☆|★|❤",
        ids="star|favorite|favourite|like|heart|love|fav",
    ),
    _icon(
        "bookmark",
        "bookmark|bookmark icon|ribbon",
        "Bookmark|Bookmarks|Add bookmark",
        translations="书签|書籤|ブックマーク|북마크|Marcador|Marque-page|Lesezeichen|Favorito|"
        "Segnalibro|Bladwijzer|Закладка",
        ids="bookmark",
    ),
    _icon(
        "share",
        "share|share icon|share button|send to",
        "Share|Share via|Share with|Share link",
        translations="分享|共享|共有|공유|Compartir|Partager|Teilen|Compartilhar|Condividi|Delen|"
        "Comparteix|Поделиться",
        ids="share",
    ),
    _icon(
        "send",
        "send|paper plane|send arrow|send button",
        "Send|Send SMS|Send message|Send email|Send mail",
        translations="发送|傳送|送信|보내기|전송|Enviar|Envoyer|Senden|Invia|Verzenden|Envia|"
        "Отправить",
        glyphs="➤|▶",
        ids="send",
    ),
    _icon(
        "close",
        "close|x|cross|dismiss|cancel|exit|x icon|x button|close button|close icon",
        "Close|Dismiss|Cancel|Close dialog|Close tab|Clear search|Clear text|Clear query|Exit",
        translations="关闭|關閉|取消|清除|閉じる|キャンセル|クリア|닫기|취소|지우기|Cerrar|"
        "Cancelar|"
        "Borrar|Fermer|Annuler|Effacer|Schließen|Abbrechen|Löschen|Fechar|Limpar|Chiudi|"
        "Annulla|Cancella|Sluiten|Annuleren|Wissen|Tanca|Cancel·la|Esborra|Закрыть|Отмена|"
        "Очистить",
        glyphs="X|x|×|✕|✖|╳|⨯|ⓧ|⊗",
        ids="close|dismiss|cancel|clear|exit|btn close|close btn|close button",
        kin="back|delete",
    ),
    _icon(
        "confirm",
        "check|checkmark|check mark|tick|done|save|confirm|ok|okay|accept|apply|validate",
        "Done|Save|OK|Confirm|Apply|Accept|Finish|Validate|Submit",
        translations="完成|保存|确定|確定|确认|完了|保存|확인|완료|저장|Listo|Guardar|Aceptar|"
        "Confirmar|Terminé|Enregistrer|Valider|Fertig|Speichern|Bestätigen|Concluído|Salvar|"
        "Fine|Salva|Conferma|Gereed|Opslaan|Bevestigen|Fet|Desa|Готово|Сохранить",
        glyphs="✓|✔",
        ids="done|save|ok|confirm|apply|check|submit|validate",
    ),
    _icon(
        "settings",
        "gear|cog|settings|cogwheel|preferences|gear icon|settings icon",
        "Settings|Preferences|Options settings",
        translations="设置|設定|설정|Ajustes|Configuración|Paramètres|Einstellungen|Configurações|"
        "Impostazioni|Instellingen|Configuració|Настройки",
        glyphs="⚙",
        ids="setting|gear|preference|config",
    ),
    _icon(
        "voice",
        "mic|microphone|voice|voice search|voice input|dictation|microphone icon|speak",
        "Voice search|Voice input|Microphone|Speak|Search by voice|Start voice input",
        translations="语音搜索|語音搜尋|语音|麦克风|音声検索|マイク|음성 검색|마이크|"
        "Búsqueda por voz|"
        "Recherche vocale|Sprachsuche|Pesquisa por voz|Ricerca vocale|Gesproken zoekopdracht|"
        "Голосовой поиск",
        glyphs="🎤|🎙",
        ids="mic|voice|microphone|recognizer|speech",
    ),
    _icon(
        "camera",
        "camera|camera icon|take photo|take picture|shutter|capture",
        "Camera|Take photo|Take picture|Shutter|Capture|Open camera",
        translations="相机|拍照|相機|カメラ|카메라|Cámara|Appareil photo|Kamera|Câmera|Fotocamera|"
        "Камера",
        glyphs="📷",
        ids="camera|shutter|capture",
    ),
    _icon(
        "attach",
        "attach|attachment|paperclip|paper clip|clip",
        "Attach|Attach file|Attachment|Add attachment|Insert attachment",
        translations="附件|添付|첨부|Adjuntar|Joindre|Anhängen|Anexar|Allega|Bijvoegen|Прикрепить",
        glyphs="📎",
        ids="attach|attachment|clip",
    ),
    _icon(
        "refresh",
        "refresh|reload|circular arrow|sync|reload icon",
        "Refresh|Reload|Sync",
        translations="刷新|重新整理|更新|새로고침|Actualizar|Actualiser|Aktualisieren|Atualizar|"
        "Aggiorna|"
        "Vernieuwen|Обновить",
        glyphs="↻|⟳",
        ids="refresh|reload|sync",
    ),
    _icon(
        "home",
        "home|house|home icon|home button|homepage",
        "Home|Go home|Homepage|Home page",
        translations="首页|主页|首頁|ホーム|홈|Inicio|Accueil|Startseite|Início|Pagina iniziale|"
        "Home|"
        "Inici|Главная",
        glyphs="⌂|🏠",
        ids="home|homepage",
    ),
    _icon(
        "divide", "divide|division|divided by|slash|obelus", "÷|Divide|Division", ids="div|divide"
    ),
    _icon(
        "multiply",
        "multiply|times|multiplication|x",
        "\u00d7|Multiply|Multiplication|Times",
        ids="mul|multiply|times",
    ),
    _icon(
        "minus",
        "minus|subtract|subtraction|dash|negative|minus sign",
        "\u2212|Minus|Subtract",
        ids="sub|minus",
    ),
    _icon("plus", "plus|add|addition|sum|plus sign", "+|Plus|Add", ids="add|plus"),
    _icon(
        "equals",
        "equals|equal|equal sign|equals sign|result|calculate|=",
        "=|Equals|Equal",
        ids="eq|equal|equals|result",
    ),
    _icon(
        "backspace",
        "backspace|delete|del|erase|delete last|back space|remove last",
        "⌫|Backspace|Delete|Del|Erase",
        glyphs="⌫",
        ids="del|delete|backspace|erase",
    ),
    _icon("percent", "percent|percentage|percent sign", "%|Percent|Percentage", ids="pct|percent"),
    _icon(
        "point",
        "point|decimal|decimal point|dot|period|comma",
        ".|Point|Decimal point|Decimal",
        ids="dec|decimal|point|dot",
    ),
    _icon(
        "clear",
        "clear|clear all|ac|all clear|reset|c",
        "Clear|Clear all|AC|All clear|C|Reset",
        ids="clr|clear",
    ),
    _icon(
        "play",
        "play|play button|resume|triangle",
        "Play|Resume",
        translations="播放|再生|재생|Reproducir|Lire|Wiedergabe|Reproduzir|Riproduci|Afspelen|"
        "Воспроизвести",
        glyphs="▶|►|▷",
        ids="play",
    ),
    _icon(
        "pause",
        "pause|pause button|two bars",
        "Pause",
        translations="暂停|暫停|一時停止|일시중지|Pausa|Pausar|Pausieren|Pauzeren|Пауза",
        glyphs="⏸|II|ll",
        ids="pause",
    ),
    _icon(
        "next",
        "next|next track|skip|skip next|skip forward|next song|fast forward",
        "Next|Next track|Skip|Skip to next|Next song",
        translations="下一曲|下一首|下一个|次へ|次の曲|다음|다음 곡|Siguiente|Suivant|Weiter|"
        "Nächster Titel|"
        "Próxima|Successivo|Volgende|Següent|Следующий|Далее",
        glyphs="⏭|▶▶|»",
        ids="next|skip|forward",
    ),
    _icon(
        "previous",
        "previous|previous track|skip back|skip previous|rewind|previous song",
        "Previous|Previous track|Skip back|Skip to previous|Previous song|Previous month",
        translations="上一曲|上一首|上一个|前へ|前の曲|이전|이전 곡|Anterior|Précédent|Zurück|"
        "Vorheriger Titel|Precedente|Vorige|Anterior|Предыдущий",
        glyphs="⏮|◀◀|«",
        ids="prev|previous|rewind",
    ),
    _icon(
        "call",
        "call|phone|dial|handset|phone icon|call button|ring",
        "Call|Dial|Phone|Voice call|Audio call|Start call",
        translations="拨打|电话|通話|電話|통화|전화|Llamar|Appeler|Anrufen|Ligar|Chiama|Bellen|"
        "Позвонить",
        glyphs="📞|☎",
        ids="call|dial|phone",
    ),
    _icon(
        "message",
        "message|chat|sms|text|speech bubble|bubble|messages|conversation|comment|comments",
        "Message|Send message|Chat|Messages|SMS|Text|Comment|Comments",
        translations="消息|信息|短信|评论|メッセージ|コメント|메시지|댓글|Mensaje|Comentario|"
        "Message|"
        "Commentaire|Nachricht|Kommentar|Mensagem|Messaggio|Bericht|Сообщение|Комментарий",
        glyphs="💬",
        ids="message|chat|sms|conversation|comment",
    ),
    _icon(
        "email",
        "email|envelope|mail|e mail|inbox",
        "Email|Mail|Send email|Inbox",
        translations="邮件|郵件|メール|이메일|Correo|E-mail|Courriel|Posta|Почта",
        glyphs="✉",
        ids="email|mail",
    ),
    _icon(
        "info",
        "info|information|i icon|details|about|info icon",
        "Info|Information|Details|More info|About",
        translations="信息|详情|詳細|情報|정보|Información|Détails|Informationen|Informações|"
        "Informazioni|Informatie|Информация",
        glyphs="ⓘ|ℹ",
        ids="info|detail|about",
    ),
    _icon(
        "download",
        "download|down arrow|save offline|download icon",
        "Download|Downloads|Save offline",
        translations="下载|下載|ダウンロード|다운로드|Descargar|Télécharger|Herunterladen|Baixar|"
        "Scarica|"
        "Downloaden|Скачать",
        glyphs="↓|⬇",
        ids="download",
    ),
    _icon(
        "filter",
        "filter|funnel|filters|funnel icon|filter icon",
        "Filter|Filters|Show filters",
        translations="筛选|篩選|フィルタ|필터|Filtrar|Filtrer|Filtern|Filtra|Filteren|Фильтр",
        ids="filter|funnel",
    ),
    _icon(
        "sort",
        "sort|sort by|order",
        "Sort|Sort by|Sort order",
        translations="排序|並べ替え|정렬|Ordenar|Trier|Sortieren|Ordina|Sorteren|Сортировка",
        ids="sort",
    ),
    _icon(
        "tune",
        "sliders|tune|adjust|equalizer|controls|slider icon",
        "Tune|Adjust|Customize|Equalizer",
        ids="tune|adjust|equalizer|customize",
    ),
    _icon(
        "swap",
        "swap|swap arrows|switch|exchange|reverse|two arrows",
        "Swap|Switch|Reverse|Exchange",
        ids="swap|switch|reverse|exchange",
    ),
    _icon("copy", "copy|duplicate|copy icon", "Copy|Copy text|Copy link", ids="copy"),
    _icon(
        "undo", "undo|revert|curved arrow", "Undo", translations="撤销|元に戻す|실행취소|Deshacer"
    ),
    _icon("redo", "redo", "Redo", ids="redo"),
    _icon(
        "notifications",
        "notifications|bell|notification|alerts|bell icon",
        "Notifications|Notification|Alerts",
        translations="通知|알림|Notificaciones|Notifications|Benachrichtigungen|Notificações|"
        "Notifiche|"
        "Meldingen|Уведомления",
        glyphs="🔔",
        ids="notification|bell|alert",
    ),
    _icon(
        "account",
        "account|avatar|profile|profile picture|user|me|account icon|person|person icon|"
        "profile icon|user icon",
        "Account|Profile|Account and settings|Signed in as|Your profile|Account menu|Me|My account",
        translations="我的|账号|帳號|个人资料|アカウント|プロフィール|계정|프로필|Cuenta|Perfil|"
        "Compte|Profil|"
        "Konto|Conta|Account|Profilo|Аккаунт|Профиль",
        ids="account|avatar|profile|user|person|me",
    ),
    _icon(
        "location",
        "location|pin|map pin|gps|marker|my location|place|location pin",
        "Location|My location|Current location|Pin",
        translations="位置|定位|現在地|위치|Ubicación|Position|Standort|Localização|Posizione|"
        "Locatie|"
        "Местоположение",
        glyphs="📍",
        ids="location|pin|gps|marker",
    ),
    _icon(
        "expand",
        "expand|chevron down|down arrow|down chevron|show more|dropdown|drop down|caret",
        "Expand|Show more|Dropdown|Expand more",
        glyphs="⌄|∨|▼|▾",
        ids="expand|chevron|dropdown|arrow down",
    ),
    _icon(
        "collapse",
        "collapse|chevron up|up chevron|show less|up arrow",
        "Collapse|Show less",
        glyphs="⌃|∧|▲|▴",
        ids="collapse|arrow up",
    ),
    _icon(
        "forward",
        "forward|right arrow|arrow right|arrow forward|go forward|proceed|continue|"
        "right chevron|chevron right|go|next page",
        "Next|Forward|Continue|Go forward|Navigate forward|Go|Next month",
        translations="下一步|继续|前进|次へ|進む|다음|계속|Siguiente|Continuar|Suivant|Continuer|"
        "Weiter|"
        "Próximo|Avanti|Volgende|Doorgaan|Далее|Вперёд",
        glyphs="→|>|›|〉|⟩|»",
        ids="next|forward|continue|go|arrow right",
    ),
    _icon(
        "calendar",
        "calendar|date|date picker|calendar icon",
        "Calendar|Pick date|Select date",
        translations="日历|日曆|カレンダー|캘린더|Calendario|Calendrier|Kalender|Calendário|"
        "Календарь",
        ids="calendar|date",
    ),
    _icon("lock", "lock|padlock", "Lock", glyphs="🔒", ids="lock"),
    _icon(
        "visibility",
        "eye|eye icon|show password|visibility|view|reveal",
        "Show password|Show|Toggle password visibility|Password visibility|View|Visibility",
        translations="显示密码|パスワードを表示|비밀번호 표시|Mostrar contraseña|"
        "Afficher le mot de passe|"
        "Passwort anzeigen",
        glyphs="👁",
        ids="visibility|eye|password toggle|show password|text input end icon",
    ),
    _icon(
        "help",
        "help|question mark|support|help icon",
        "Help|Help and feedback|Help & feedback|Support",
        translations="帮助|幫助|ヘルプ|도움말|Ayuda|Aide|Hilfe|Ajuda|Aiuto|Справка",
        glyphs="?|？",
        ids="help|support|faq",
    ),
    _icon(
        "emoji",
        "emoji|smiley|emoticon|smiley face",
        "Emoji|Emoji button|Insert emoji",
        glyphs="☺|😊|🙂",
        ids="emoji|smiley",
    ),
    _icon(
        "gallery",
        "gallery|photos|image picker|picture|pick image|image icon",
        "Gallery|Photos|Pick image",
        ids="gallery|photo|image|picture",
    ),
    _icon(
        "volume",
        "speaker|speaker icon|volume|sound|audio|volume up",
        "Volume|Sound|Speaker|Play audio",
        translations="音量|声音|スピーカー|음량|Volumen|Son|Lautstärke|Som|Звук",
        glyphs="🔊|🔈",
        ids="volume|sound|speaker|audio|mute",
    ),
    _icon(
        "gift",
        "gift|gift box|present|gift icon|reward",
        "Gift|Gifts|Rewards|Offers|Redeem",
        translations="礼物|礼品|ギフト|선물",
        glyphs="🎁",
        ids="gift|reward|present",
    ),
    _icon(
        "view_list",
        "list view|list view icon|list|view as list",
        "List view|View as list|Show as list",
        ids="list view|view list",
    ),
    _icon(
        "view_grid",
        "grid view|grid|tiles|grid icon|view as grid|apps grid",
        "Grid view|View as grid|Show as grid",
        ids="grid|grid view",
    ),
    _icon(
        "checkbox",
        "checkbox|check box|empty checkbox|tick box|square",
        "Select|Select all|Check",
        translations="全选|选择",
        glyphs="☐|□|☑",
        ids="checkbox|check box|select",
    ),
    _icon(
        "logo",
        "logo|brand|app logo",
        "Logo",
        ids="logo|brand",
    ),
)
"""Common Android icons and icon actions; Material Symbols names are among their `names`."""


def _index(*fields: str) -> dict[str, tuple[Icon, ...]]:
    table: dict[str, list[Icon]] = {}
    for icon in ICONS:
        for field in fields:
            for phrase in getattr(icon, field):
                key = compact(words(phrase))
                if key and icon not in table.setdefault(key, []):
                    table[key].append(icon)
    return {key: tuple(value) for key, value in table.items()}


def _glyph_index() -> dict[str, tuple[Icon, ...]]:
    table: dict[str, list[Icon]] = {}
    for icon in ICONS:
        for glyph in icon.glyphs:
            table.setdefault(glyph.casefold(), []).append(icon)
    return {key: tuple(value) for key, value in table.items()}


_BY_NAME = _index("names")
_BY_LABEL = _index("labels", "translations")
_BY_ID = _index("ids")
_BY_GLYPH = _glyph_index()


def icons_of_phrase(phrase: tuple[str, ...]) -> tuple[Icon, ...]:
    """The icons a description names (`back arrow` -> back), from `words` of it."""
    key = compact(phrase)
    named = _BY_NAME.get(key, ())
    return named + tuple(icon for icon in _BY_LABEL.get(key, ()) if icon not in named)


def icons_of_label(label: tuple[str, ...]) -> tuple[Icon, ...]:
    """The icons an app's content-desc or text stands for (`Navigate up` -> back), in any
    of the languages of `translations`."""
    return _BY_LABEL.get(compact(label), ())


def icons_led_by(label: tuple[str, ...]) -> tuple[Icon, ...]:
    """The icons whose label opens a longer one: `Close feedback`, `Swap start and
    destination`, `Signed in as Ana` (an action's label names the action, then its object)."""
    found: list[Icon] = []
    for size in (3, 2, 1):
        if len(label) > size:
            found += [i for i in _BY_LABEL.get(compact(label[:size]), ()) if i not in found]
    return tuple(found)


def kin_of(keys: frozenset[str]) -> frozenset[str]:
    """The icons drawn in the same place for the same job as any of `keys`."""
    return frozenset(kin for icon in ICONS if icon.key in keys for kin in icon.kin) - keys


@lru_cache(maxsize=4096)
def icons_of_glyph(text: str) -> tuple[Icon, ...]:
    """The icons OCR's reading of a glyph can be (`×` -> close, multiply): only for the
    short, wordless readings OCR makes of icons, never for a word."""
    stripped = "".join(text.split()).casefold()
    if not stripped or len(stripped) > 3:
        return ()
    return _BY_GLYPH.get(stripped, ())


def icons_of_id(id_tokens: tuple[str, ...]) -> tuple[Icon, ...]:
    """The icons a resource id's words name, whole (`search_button`) or by one word (`fab`)."""
    found = list(_BY_ID.get(compact(id_tokens), ()))
    for size in (2, 1):
        for start in range(len(id_tokens) - size + 1):
            gram = compact(id_tokens[start : start + size])
            found += [icon for icon in _BY_ID.get(gram, ()) if icon not in found]
    return tuple(found)
